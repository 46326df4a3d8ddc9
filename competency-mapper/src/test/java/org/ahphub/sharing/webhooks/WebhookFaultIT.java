package org.ahphub.sharing.webhooks;

import static org.ahphub.mapper.SharingHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.ahphub.sharing.webhooks.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The receiver goes away mid-stream (connections refused) and comes back. */
class WebhookFaultIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of("WEBHOOK_RETRY_FOR", "PT60S"));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  @DisplayName("with the receiver down for a while mid-stream, every event arrives after it returns, once per webhook-id, in order per person")
  void receiverDownAndBack() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(hub.vertx);
    List<Received> got = receiver.received;
    Credential employer = hub.organisation("Fault Trust " + UUID.randomUUID(), "passport:subscribe", "person:link");
    List<String> people = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
    for (String person : people) {
      hub.employ(employer, person);
    }
    assertThat(hub.as(employer, "POST", "/subscriptions",
        new JsonObject().put("url", receiver.url("/fault"))).statusCode()).isEqualTo(201);

    Map<String, List<String>> sent = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      String person = people.get(i % 3);
      sent.computeIfAbsent(person, k -> new ArrayList<>())
          .add(hub.publishPassportEvent(person, EventTypes.COMPETENCY_CREDITED, "5." + (i % 9 + 1), "entry"));
      if (i == 20) {
        eventually(() -> got.size(), n -> n >= 5);
        receiver.goAway();
        Thread.sleep(4_000);
      }
      if (i == 40) {
        receiver.comeBack();
      }
    }
    eventually(() -> new LinkedHashSet<>(got.stream().map(Received::id).toList()).size(), n -> n == 60, Duration.ofSeconds(60));
    Map<String, List<String>> received = new LinkedHashMap<>();
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    for (Received g : got) {
      if (seen.add(g.id())) {
        received.computeIfAbsent(g.json().getString("subject"), k -> new ArrayList<>()).add(g.id());
      }
    }
    for (String person : people) {
      assertThat(received.get(person)).containsExactlyElementsOf(sent.get(person));
    }
    System.out.printf("fault test: 60 events, %d requests received (%d duplicates by webhook-id)%n", got.size(),
        got.size() - 60);
    receiver.close();
  }
}
