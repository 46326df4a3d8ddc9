package org.ahphub.sharing.webhooks;

import static org.ahphub.mapper.SharingHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** Employer subscriptions: signed, ordered, at-least-once webhooks from passport.updates. */
class WebhooksIT {

  private static final String CREDITED = EventTypes.COMPETENCY_CREDITED;
  private static SharingHarness hub;
  private static WebhookReceiver receiver;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
    receiver = new WebhookReceiver(hub.vertx);
  }

  @AfterAll
  static void stop() {
    receiver.close();
    hub.close();
  }

  private record Setup(Credential employer, String personId, String path, String subscriptionId, String secret) {}

  /** An employer with a current employment of a new person and a subscription to a fresh receiver path. */
  private static Setup employerSubscribed(JsonObject extra) {
    Credential employer = hub.organisation("Webhook Trust " + UUID.randomUUID(), "passport:subscribe", "person:link");
    String personId = UUID.randomUUID().toString();
    employ(employer, personId);
    String path = "/hooks/" + UUID.randomUUID();
    var created = hub.as(employer, "POST", "/subscriptions",
        new JsonObject().put("url", receiver.url(path)).put("description", "test").mergeIn(extra));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    return new Setup(employer, personId, path, body.getString("id"), body.getString("secret"));
  }

  private static String employ(Credential employer, String personId) {
    return hub.employ(employer, personId, "2025-01-01");
  }

  private static List<Received> awaitAt(String path, int count) throws InterruptedException {
    return eventually(() -> receiver.at(path), list -> list.size() >= count);
  }

  @Test
  @DisplayName("a passport event reaches the subscribed employer signed per Standard Webhooks, body = the CloudEvent, and the person's audit log records the delivery")
  void signedDelivery() throws Exception {
    Setup setup = employerSubscribed(new JsonObject());
    assertThat(setup.secret()).startsWith("whsec_");
    var fetched = hub.as(setup.employer(), "GET", "/subscriptions/" + setup.subscriptionId(), null);
    assertThat(fetched.bodyAsString()).doesNotContain(setup.secret());

    String eventId = hub.publishPassportEvent(setup.personId(), CREDITED, "5.6", "entry");
    Received message = awaitAt(setup.path(), 1).get(0);
    assertThat(message.id()).isEqualTo(eventId);
    assertThat(WebhookReceiver.verify(setup.secret(), message)).isTrue();
    assertThat(WebhookReceiver.verify(WebhookSignature.newSecret(), message)).isFalse();
    JsonObject event = message.json();
    assertThat(event.getString("specversion")).isEqualTo("1.0");
    assertThat(event.getString("type")).isEqualTo(CREDITED);
    assertThat(event.getString("subject")).isEqualTo(setup.personId());
    assertThat(message.body()).doesNotContain("mailto:");

    String token = hub.learnerToken(setup.personId());
    // The log also holds the employer's proposal and the person's acceptance before the delivery.
    JsonArray audit = eventually(() -> hub.asLearner("GET", "/me/audit", token, null).bodyAsJsonObject()
        .getJsonArray("events"), events -> events.stream()
            .anyMatch(e -> "webhook.delivered".equals(((JsonObject) e).getString("action"))));
    JsonObject entry = audit.stream().map(JsonObject.class::cast)
        .filter(e -> "webhook.delivered".equals(e.getString("action"))).findFirst().orElseThrow();
    assertThat(entry.getString("action")).isEqualTo("webhook.delivered");
    assertThat(entry.getString("organisationId")).isEqualTo(setup.employer().organisationId());
    assertThat(entry.getJsonObject("detail").getString("eventId")).isEqualTo(eventId);
  }

  @Test
  @DisplayName("only organisations with a current relationship receive events, ending it stops them at once, and filters select types, domains and stages")
  void accessAndFilters() throws Exception {
    Setup all = employerSubscribed(new JsonObject());
    Setup filtered = employerSubscribed(new JsonObject().put("eventTypes", new JsonArray().add(CREDITED))
        .put("filters", new JsonObject().put("domains", new JsonArray().add("5")).put("stages", new JsonArray().add("entry"))));
    employ(filtered.employer(), all.personId());
    Credential stranger = hub.organisation("Stranger " + UUID.randomUUID(), "passport:subscribe");
    String strangerPath = "/hooks/stranger-" + UUID.randomUUID();
    assertThat(hub.as(stranger, "POST", "/subscriptions", new JsonObject().put("url", receiver.url(strangerPath)))
        .statusCode()).isEqualTo(201);

    hub.publishPassportEvent(all.personId(), CREDITED, "4.2", "entry");
    hub.publishPassportEvent(all.personId(), EventTypes.COMPETENCY_RETRACTED, "5.6", "entry");
    String wanted = hub.publishPassportEvent(all.personId(), CREDITED, "5.6", "entry");
    hub.publishPassportEvent(all.personId(), CREDITED, "5.6", "intermediate");
    awaitAt(all.path(), 4);
    List<Received> filteredGot = awaitAt(filtered.path(), 1);
    assertThat(filteredGot).extracting(Received::id).containsExactly(wanted);
    assertThat(receiver.at(strangerPath)).isEmpty();

    // Ending the employment: nothing more for that employer, even for an event already queued.
    String relationships = hub.as(all.employer(), "GET", "/relationships", null).bodyAsJsonObject()
        .getJsonArray("relationships").getJsonObject(0).getString("id");
    hub.as(all.employer(), "POST", "/relationships/" + relationships + "/end", new JsonObject());
    String after = hub.publishPassportEvent(all.personId(), CREDITED, "5.6", "entry");
    String marker = hub.publishPassportEvent(all.personId(), CREDITED, "5.7", "entry");
    awaitAt(filtered.path(), 2);
    assertThat(receiver.at(filtered.path())).extracting(Received::id).contains(after);
    Thread.sleep(300);
    assertThat(receiver.at(all.path())).extracting(Received::id).doesNotContain(after, marker);
  }

  @Test
  @DisplayName("while the receiver fails, every event is retried with backoff and arrives exactly once, in order per person")
  void retriesKeepOrderPerPerson() throws Exception {
    Setup setup = employerSubscribed(new JsonObject());
    String second = UUID.randomUUID().toString();
    employ(setup.employer(), second);
    String failingPath = setup.path();
    receiver.status.set(200);
    // The receiver answers 503 for a while: handled by pausing via the status flag around publishing.
    receiver.status.set(503);
    List<String> firstIds = new ArrayList<>();
    List<String> secondIds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      firstIds.add(hub.publishPassportEvent(setup.personId(), CREDITED, "5." + (i + 1), "entry"));
      secondIds.add(hub.publishPassportEvent(second, CREDITED, "4." + (i + 1), "entry"));
    }
    Thread.sleep(2_000);
    receiver.status.set(200);
    List<Received> got = awaitAt(failingPath, 20);
    Thread.sleep(500);
    got = receiver.at(failingPath);
    Map<String, List<String>> byPerson = new LinkedHashMap<>();
    for (Received r : got) {
      byPerson.computeIfAbsent(r.json().getString("subject"), k -> new ArrayList<>()).add(r.id());
    }
    assertThat(byPerson.get(setup.personId())).containsExactlyElementsOf(firstIds);
    assertThat(byPerson.get(second)).containsExactlyElementsOf(secondIds);
    var deliveries = hub.as(setup.employer(), "GET", "/subscriptions/" + setup.subscriptionId() + "/deliveries", null)
        .bodyAsJsonObject().getJsonArray("deliveries");
    assertThat(deliveries).hasSize(20);
    assertThat(deliveries.stream().map(d -> ((JsonObject) d).getInteger("attempts"))).anyMatch(n -> n > 1);
  }

  @Test
  @DisplayName("the same event consumed twice is delivered once: one delivery row per subscription and event id")
  void idempotentConsumer() throws Exception {
    Setup setup = employerSubscribed(new JsonObject());
    String id = hub.publishPassportEvent(setup.personId(), CREDITED, "5.6", "entry");
    Received first = awaitAt(setup.path(), 1).get(0);
    hub.publishRaw(setup.personId(), first.body());
    hub.publishRaw(setup.personId(), "not json at all");
    String marker = hub.publishPassportEvent(setup.personId(), CREDITED, "5.7", "entry");
    List<Received> got = awaitAt(setup.path(), 2);
    Thread.sleep(300);
    assertThat(receiver.at(setup.path())).extracting(Received::id).containsExactly(id, marker);
  }

  @Test
  @DisplayName("a 410 Gone disables the subscription; a message that keeps failing is dead-lettered, listed, and replayed on request")
  void goneDeadLetterAndReplay() throws Exception {
    Setup gone = employerSubscribed(new JsonObject());
    receiver.status.set(410);
    hub.publishPassportEvent(gone.personId(), CREDITED, "5.6", "entry");
    JsonObject disabled = eventually(() -> hub.as(gone.employer(), "GET", "/subscriptions/" + gone.subscriptionId(), null)
        .bodyAsJsonObject(), s -> "disabled".equals(s.getString("status")));
    assertThat(disabled.getString("disabledReason")).contains("410");

    receiver.status.set(500);
    Setup dead = employerSubscribed(new JsonObject());
    String eventId = hub.publishPassportEvent(dead.personId(), CREDITED, "5.6", "entry");
    JsonArray failed = eventually(() -> hub.as(dead.employer(), "GET", "/subscriptions/" + dead.subscriptionId() + "/failed", null)
        .bodyAsJsonObject().getJsonArray("failed"), list -> !list.isEmpty(), Duration.ofSeconds(30));
    assertThat(failed.getJsonObject(0).getString("eventId")).isEqualTo(eventId);
    assertThat(failed.getJsonObject(0).getInteger("lastStatus")).isEqualTo(500);
    assertThat(failed.getJsonObject(0).getInteger("attempts")).isGreaterThan(3);

    receiver.status.set(200);
    var replay = hub.as(dead.employer(), "POST", "/subscriptions/" + dead.subscriptionId() + "/replay",
        new JsonObject().put("eventId", eventId));
    assertThat(replay.bodyAsJsonObject().getInteger("replayed")).isEqualTo(1);
    assertThat(awaitAt(dead.path(), 1).get(0).id()).isEqualTo(eventId);
    // Received is not yet recorded: the hub records the outcome after the answer, and replays only finished ones.
    eventually(() -> hub.as(dead.employer(), "GET", "/subscriptions/" + dead.subscriptionId() + "/deliveries", null)
        .bodyAsJsonObject().getJsonArray("deliveries").getJsonObject(0).getString("status"), "delivered"::equals);

    var range = hub.as(dead.employer(), "POST", "/subscriptions/" + dead.subscriptionId() + "/replay",
        new JsonObject().put("since", "2020-01-01").put("until", "2100-01-01"));
    assertThat(range.bodyAsJsonObject().getInteger("replayed")).isEqualTo(1);
    awaitAt(dead.path(), 2);
  }

  @Test
  @DisplayName("pause holds deliveries and resume sends them; a rotated secret signs alongside the old one during the overlap; ping is signed")
  void pauseRotateAndPing() throws Exception {
    receiver.status.set(200);
    Setup setup = employerSubscribed(new JsonObject());
    String base = "/subscriptions/" + setup.subscriptionId();
    assertThat(hub.as(setup.employer(), "POST", base + "/pause", null).bodyAsJsonObject().getString("status"))
        .isEqualTo("paused");
    String held = hub.publishPassportEvent(setup.personId(), CREDITED, "5.6", "entry");
    Thread.sleep(1_000);
    assertThat(receiver.at(setup.path())).isEmpty();
    hub.as(setup.employer(), "POST", base + "/resume", null);
    assertThat(awaitAt(setup.path(), 1).get(0).id()).isEqualTo(held);

    String newSecret = hub.as(setup.employer(), "POST", base + "/rotate-secret", new JsonObject().put("overlapSeconds", 3600))
        .bodyAsJsonObject().getString("secret");
    hub.publishPassportEvent(setup.personId(), CREDITED, "5.7", "entry");
    Received rotated = awaitAt(setup.path(), 2).get(1);
    assertThat(rotated.signature().split(" ")).hasSize(2);
    assertThat(WebhookReceiver.verify(newSecret, rotated)).isTrue();
    assertThat(WebhookReceiver.verify(setup.secret(), rotated)).isTrue();

    var ping = hub.as(setup.employer(), "POST", base + "/ping", null).bodyAsJsonObject();
    assertThat(ping.getBoolean("delivered")).isTrue();
    Received pinged = awaitAt(setup.path(), 3).get(2);
    assertThat(pinged.json().getString("type")).isEqualTo(WebhookSubscriptions.PING);
    assertThat(WebhookReceiver.verify(newSecret, pinged)).isTrue();

    Credential other = hub.organisation("Other " + UUID.randomUUID(), "passport:subscribe");
    assertThat(hub.as(other, "GET", base, null).statusCode()).isEqualTo(404);
    assertThat(hub.as(setup.employer(), "DELETE", base, null).statusCode()).isEqualTo(204);
    assertThat(hub.as(setup.employer(), "GET", base, null).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("subscriptions are validated: unknown event types, stages and non-http URLs are refused with the field named")
  void validation() {
    Credential employer = hub.organisation("Validating " + UUID.randomUUID(), "passport:subscribe");
    var badType = hub.as(employer, "POST", "/subscriptions", new JsonObject().put("url", receiver.url("/x"))
        .put("eventTypes", new JsonArray().add("org.ahphub.nope")));
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(badType.bodyAsJsonObject().getString("detail")).contains("$.eventTypes");
    var badUrl = hub.as(employer, "POST", "/subscriptions", new JsonObject().put("url", "ftp://example.org/x"));
    assertThat(badUrl.statusCode()).isEqualTo(400);
    assertThat(badUrl.bodyAsJsonObject().getString("detail")).contains("$.url");
    var badStage = hub.as(employer, "POST", "/subscriptions", new JsonObject().put("url", receiver.url("/x"))
        .put("filters", new JsonObject().put("stages", new JsonArray().add("expert"))));
    assertThat(badStage.statusCode()).isEqualTo(400);
    Credential reader = hub.organisation("Reader " + UUID.randomUUID(), "passport:read");
    assertThat(hub.as(reader, "GET", "/subscriptions", null).statusCode()).isEqualTo(403);
  }
}
