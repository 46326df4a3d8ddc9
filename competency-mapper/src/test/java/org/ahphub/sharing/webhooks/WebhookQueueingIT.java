package org.ahphub.sharing.webhooks;

import static org.ahphub.mapper.SharingHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.sharing.webhooks.SubscriptionStore.DeliveryRecord;
import org.ahphub.sharing.webhooks.SubscriptionStore.Event;
import org.ahphub.sharing.webhooks.WebhookReceiver.Received;
import org.ahphub.sharing.webhooks.pg.PgSubscriptionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A whole poll queued in one statement: every (subscription, event) once, a person's events in order. */
class WebhookQueueingIT {

  private static final String CREDITED = EventTypes.COMPETENCY_CREDITED;
  private static final String RETRACTED = EventTypes.COMPETENCY_RETRACTED;
  private static SharingHarness hub;
  private static WebhookReceiver receiver;
  private static PgSubscriptionStore store;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
    receiver = new WebhookReceiver(hub.vertx);
    store = new PgSubscriptionStore(hub.mapper.pool(), SecretBox.fromConfig(null));
  }

  @AfterAll
  static void stop() {
    receiver.close();
    hub.close();
  }

  /** A subscription, what it should get, and where its receiver path is. */
  private record Subscribed(String id, String path, Predicate<Event> wants) {}

  private static Credential employer(List<String> persons) {
    Credential employer = hub.organisation("Queueing Trust " + UUID.randomUUID(), "passport:subscribe", "person:link");
    for (String person : persons) {
      hub.employ(employer, person, "2025-01-01");
    }
    return employer;
  }

  private static Subscribed subscribe(Credential employer, JsonObject filters, Predicate<Event> wants) {
    String path = "/hooks/" + UUID.randomUUID();
    var created = hub.as(employer, "POST", "/subscriptions", new JsonObject().put("url", receiver.url(path)).mergeIn(filters));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return new Subscribed(created.bodyAsJsonObject().getString("id"), path, wants);
  }

  /** Five persons; four subscriptions with different filters and access, one of which sees nobody. */
  private static List<Subscribed> subscriptions(List<String> persons) {
    Credential everyone = employer(persons);
    Credential firstThree = employer(persons.subList(0, 3));
    Credential stranger = employer(List.of());
    return List.of(
        subscribe(everyone, new JsonObject(), e -> true),
        subscribe(everyone, new JsonObject().put("filters", new JsonObject().put("domains", new JsonArray().add("5"))),
            e -> "5".equals(e.domain())),
        subscribe(firstThree, new JsonObject().put("eventTypes", new JsonArray().add(CREDITED)),
            e -> CREDITED.equals(e.type()) && persons.subList(0, 3).contains(e.personId().toString())),
        subscribe(stranger, new JsonObject(), e -> false));
  }

  private static List<String> persons(int count) {
    List<String> persons = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      persons.add(UUID.randomUUID().toString());
    }
    return persons;
  }

  private static String cloudEvent(String person, String type, String competency) {
    JsonObject data = new JsonObject().put("personId", person).put("passportVersion", 1)
        .put("competency", new JsonObject().put("number", competency)).put("stage", "entry");
    return new CloudEvent(UUID.randomUUID().toString(), "/passports", type, person, Instant.now(), data).toJson().encode();
  }

  /** {@code count} events spread over the persons, of both types and of domains 4 and 5. */
  private static List<String> bodies(List<String> persons, int count) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bodies.add(cloudEvent(persons.get((i * 7 + i / 3) % persons.size()), i % 4 == 3 ? RETRACTED : CREDITED,
          (i % 3 == 0 ? "4." : "5.") + (i % 9 + 1)));
    }
    return bodies;
  }

  /** Event ids per person, in the given order. */
  private static Map<String, List<String>> byPerson(List<Event> events) {
    Map<String, List<String>> byPerson = new LinkedHashMap<>();
    events.forEach(e -> byPerson.computeIfAbsent(e.personId().toString(), k -> new ArrayList<>()).add(e.id()));
    return byPerson;
  }

  /** Every subscription's queue holds exactly its events, each once, a person's in the order given. */
  private static void assertQueued(List<Subscribed> subscriptions, List<Event> events) {
    for (Subscribed subscription : subscriptions) {
      List<Event> wanted = events.stream().filter(subscription.wants()).toList();
      List<DeliveryRecord> queued = store.deliveries(UUID.fromString(subscription.id()), 0, 10_000).await();
      Map<String, List<String>> got = new LinkedHashMap<>();
      queued.forEach(d -> got.computeIfAbsent(d.personId().toString(), k -> new ArrayList<>()).add(d.eventId()));
      assertThat(queued).as("deliveries of subscription %s", subscription.id()).hasSize(wanted.size());
      assertThat(got).as("queued order per person, subscription %s", subscription.id()).isEqualTo(byPerson(wanted));
    }
  }

  /** Every subscription's receiver got exactly its events, each once, a person's in the order given. */
  private static void assertReceived(List<Subscribed> subscriptions, List<Event> events) throws InterruptedException {
    for (Subscribed subscription : subscriptions) {
      List<Event> wanted = events.stream().filter(subscription.wants()).toList();
      List<Received> got = eventually(() -> receiver.at(subscription.path()), list -> list.size() >= wanted.size(),
          Duration.ofSeconds(60));
      assertThat(new LinkedHashSet<>(got.stream().map(Received::id).toList())).hasSize(got.size());
      Map<String, List<String>> received = new LinkedHashMap<>();
      got.forEach(r -> received.computeIfAbsent(r.json().getString("subject"), k -> new ArrayList<>()).add(r.id()));
      assertThat(received).as("received order per person, subscription %s", subscription.id()).isEqualTo(byPerson(wanted));
    }
  }

  @Test
  @DisplayName("a poll of many events for several persons and subscriptions is queued once per subscription and event, in order per person; the same events again queue nothing")
  void pollQueuedOnceInOrder() throws Exception {
    List<String> persons = persons(5);
    List<Subscribed> subscriptions = subscriptions(persons);
    List<Event> events = bodies(persons, 300).stream().map(WebhookEventsVerticle::event).toList();
    List<Event> poll = new ArrayList<>(events);
    poll.add(150, events.get(10)); // a record seen twice in one poll: queued once, at its first place

    int expected = 0;
    for (Subscribed subscription : subscriptions) {
      expected += (int) events.stream().filter(subscription.wants()).count();
    }
    assertThat(store.enqueue(poll).await()).isEqualTo(expected);
    assertQueued(subscriptions, events);

    assertThat(store.enqueue(poll).await()).as("the whole poll redelivered").isZero();
    List<Event> overlapping = new ArrayList<>(events.subList(200, 300));
    overlapping.addAll(events.subList(0, 100));
    assertThat(store.enqueue(overlapping).await()).as("a redelivery cut differently").isZero();
    assertQueued(subscriptions, events);

    assertReceived(subscriptions, events);
    Thread.sleep(500);
    assertReceived(subscriptions, events);
  }

  @Test
  @DisplayName("events published to passport.updates in quick succession reach every matching subscription once, in order per person; republished records are not delivered again")
  void throughKafkaOnceInOrder() throws Exception {
    List<String> persons = persons(5);
    List<Subscribed> subscriptions = subscriptions(persons);
    List<String> bodies = bodies(persons, 200);
    for (String body : bodies) {
      hub.publishRaw(new JsonObject(body).getString("subject"), body);
    }
    List<Event> events = bodies.stream().map(WebhookEventsVerticle::event).toList();
    assertReceived(subscriptions, events);

    for (String body : bodies.subList(0, 50)) {
      hub.publishRaw(new JsonObject(body).getString("subject"), body);
    }
    String marker = cloudEvent(persons.get(0), CREDITED, "5.1");
    hub.publishRaw(persons.get(0), marker);
    List<Event> withMarker = new ArrayList<>(events);
    withMarker.add(WebhookEventsVerticle.event(marker));
    assertReceived(subscriptions, withMarker);
    Thread.sleep(500);
    assertReceived(subscriptions, withMarker);
    assertQueued(subscriptions, withMarker);
  }
}
