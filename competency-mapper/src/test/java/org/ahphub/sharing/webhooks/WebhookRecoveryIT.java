package org.ahphub.sharing.webhooks;

import static org.ahphub.mapper.SharingHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An endpoint down long enough for its circuit to open again and again is sent to soon after it comes back,
 * not once the backoff has grown to hours. The circuit's pause used to double with every failed request, up
 * to the retries' 12 h cap: after 20 s of refused connections it was over four minutes. It now doubles per
 * opening, at most a minute, and the endpoint's first answer makes what waits for a retry due at once.
 */
class WebhookRecoveryIT {

  private static final int PEOPLE = 12;
  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    // The production cap on a retry's delay (12 h), a short base so the outage opens the circuit many times.
    hub = new SharingHarness(Map.of("WEBHOOK_RETRY_BASE", "PT1S", "WEBHOOK_RETRY_MAX_DELAY", "PT12H",
        "WEBHOOK_RETRY_FOR", "PT10M"));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  @DisplayName("after an outage that opened the circuit several times, every event arrives within seconds of the endpoint's return")
  void sentSoonAfterTheEndpointReturns() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(hub.vertx);
    Credential employer = hub.organisation("Recovery Trust " + UUID.randomUUID(), "passport:subscribe", "person:link");
    List<String> people = new ArrayList<>();
    for (int i = 0; i < PEOPLE; i++) {
      people.add(UUID.randomUUID().toString());
      hub.employ(employer, people.get(i));
    }
    assertThat(hub.as(employer, "POST", "/subscriptions",
        new JsonObject().put("url", receiver.url("/recovery"))).statusCode()).isEqualTo(201);
    String first = hub.publishPassportEvent(people.get(0), EventTypes.COMPETENCY_CREDITED, "5.1", "entry");
    eventually(() -> ids(receiver).contains(first), arrived -> arrived);

    receiver.goAway();
    List<String> sent = new ArrayList<>(List.of(first));
    for (String person : people) {
      sent.add(hub.publishPassportEvent(person, EventTypes.COMPETENCY_CREDITED, "5.6", "entry"));
    }
    Thread.sleep(20_000); // failures pile up and the circuit opens several times
    receiver.comeBack();
    long back = System.nanoTime();

    eventually(() -> ids(receiver).containsAll(sent), all -> all, Duration.ofSeconds(45));
    System.out.printf("recovery test: every event arrived %.1f s after the endpoint returned%n",
        (System.nanoTime() - back) / 1e9);
    receiver.close();
  }

  private static Set<String> ids(WebhookReceiver receiver) {
    return receiver.received.stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet());
  }
}
