package org.ahphub.sharing.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.sharing.webhooks.SubscriptionStore.Event;
import org.ahphub.sharing.webhooks.SubscriptionStore.Filters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The filters a poll's events are matched against in memory before they are queued. */
class SubscriptionFiltersTest {

  private static final UUID PERSON = UUID.randomUUID();

  private static Event event(String type, String domain, String stage) {
    return new Event(UUID.randomUUID().toString(), PERSON, type, "{}", Instant.now(), domain, stage);
  }

  @Test
  @DisplayName("no filters: every event")
  void none() {
    Filters any = new Filters(List.of(), null, null, null);
    assertThat(any.matches(event(EventTypes.COMPETENCY_CREDITED, "5", "entry"))).isTrue();
    assertThat(any.matches(event(EventTypes.COMPETENCY_RETRACTED, null, null))).isTrue();
  }

  @Test
  @DisplayName("event types, persons, domains and stages must all match")
  void all() {
    Filters filters = new Filters(List.of(EventTypes.COMPETENCY_CREDITED), List.of(PERSON), List.of("5"), List.of("entry"));
    assertThat(filters.matches(event(EventTypes.COMPETENCY_CREDITED, "5", "entry"))).isTrue();
    assertThat(filters.matches(event(EventTypes.COMPETENCY_RETRACTED, "5", "entry"))).isFalse();
    assertThat(filters.matches(event(EventTypes.COMPETENCY_CREDITED, "4", "entry"))).isFalse();
    assertThat(filters.matches(event(EventTypes.COMPETENCY_CREDITED, "5", "intermediate"))).isFalse();
    assertThat(new Filters(List.of(), List.of(UUID.randomUUID()), null, null)
        .matches(event(EventTypes.COMPETENCY_CREDITED, "5", "entry"))).isFalse();
  }

  @Test
  @DisplayName("an event without a domain or stage does not pass a domain or stage filter")
  void missingDomainOrStage() {
    assertThat(new Filters(List.of(), null, List.of("5"), null).matches(event(EventTypes.COMPETENCY_CREDITED, null, "entry")))
        .isFalse();
    assertThat(new Filters(List.of(), null, null, List.of("entry")).matches(event(EventTypes.COMPETENCY_CREDITED, "5", null)))
        .isFalse();
  }
}
