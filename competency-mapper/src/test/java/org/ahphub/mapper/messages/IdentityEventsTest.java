package org.ahphub.mapper.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.store.PersonStore.IdentityChange;
import org.ahphub.platform.outbox.OutboxMessage;
import org.ahphub.xapi.Actors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("IdentityEvents: the passport.identities contract")
class IdentityEventsTest {

  private static final UUID PERSON = UUID.fromString("0b6f9a52-3c1d-4e8f-9a7b-2c5d6e7f8a90");
  private static final UUID SURVIVOR = UUID.fromString("5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716");
  private static final String SUM = Actors.sha1Hex("mailto:sam@example.nhs.uk");

  @Test
  @DisplayName("a person's identifiers go out as xAPI identifiers, keyed and subjected by person id, with the identity version")
  void snapshot() {
    OutboxMessage message = IdentityEvents.of(new IdentityChange(PERSON, 42,
        List.of("account:https://trust.example.nhs.uk|12345", "mbox_sha1sum:" + SUM), null));

    assertThat(message.topic()).isEqualTo(Topics.PASSPORT_IDENTITIES);
    assertThat(message.key()).isEqualTo(PERSON.toString());
    assertThat(message.event().type()).isEqualTo(EventTypes.PERSON_IDENTIFIERS);
    assertThat(message.event().subject()).isEqualTo(PERSON.toString());
    assertThat(message.event().data()).isEqualTo(new JsonObject()
        .put("personId", PERSON.toString())
        .put("identityVersion", 42L)
        .put("identifiers", new JsonArray()
            .add(new JsonObject().put("account",
                new JsonObject().put("homePage", "https://trust.example.nhs.uk").put("name", "12345")))
            .add(new JsonObject().put("mbox_sha1sum", SUM))));
  }

  @Test
  @DisplayName("a merged person goes out with no identifiers and the survivor; the same change always has the same event id")
  void merged() {
    IdentityChange change = new IdentityChange(PERSON, 43, List.of(), SURVIVOR);
    OutboxMessage message = IdentityEvents.of(change);

    assertThat(message.event().type()).isEqualTo(EventTypes.PERSON_MERGED);
    assertThat(message.event().data().getString("mergedInto")).isEqualTo(SURVIVOR.toString());
    assertThat(message.event().data().getJsonArray("identifiers")).isEmpty();
    assertThat(IdentityEvents.of(change).event().id()).isEqualTo(message.event().id());
    assertThat(IdentityEvents.of(new IdentityChange(PERSON, 44, List.of(), SURVIVOR)).event().id())
        .isNotEqualTo(message.event().id());
  }
}
