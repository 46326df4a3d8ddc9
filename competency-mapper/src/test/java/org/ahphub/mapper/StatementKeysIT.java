package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.platform.identity.PgCredentialStore;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.ahphub.xapi.Actors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Statement ids are unique per organisation in the LRS (issue 16, "Voiding across organisations"): the mapper
 * keys a statement, its voids and its evidence by (organisation, id), read from the {@code organisation}
 * attribute of each {@code lrs.statements} event. Real PostgreSQL and Kafka.
 */
class StatementKeysIT {

  private static final String COMPETENCIES = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/";
  private static final UUID ORGANISATION_A = UUID.randomUUID();
  private static final UUID ORGANISATION_B = UUID.randomUUID();
  private static Vertx vertx;
  private static CompetencyMapper mapper;
  private static WebClient http;
  private static KafkaProducer<String, String> producer;
  private static TestInfrastructure infrastructure;

  @BeforeAll
  static void start() {
    infrastructure = TestInfrastructure.get();
    PostgresCoordinates db = infrastructure.freshDatabase();
    vertx = Vertx.vertx();
    mapper = CompetencyMapper.start(vertx,
        MapperConfig.fromEnv(PassportLifecycleIT.env(db, "statement-keys-it-" + UUID.randomUUID()))).await();
    new PgCredentialStore(vertx, mapper.pool())
        .ensure("Reader Trust", "https://reader.example.nhs.uk", "reader", "reader-secret", Set.of("passport:read", "admin"))
        .await();
    http = WebClient.create(vertx);
    producer = PassportLifecycleIT.producer(infrastructure);
  }

  @AfterAll
  static void stop() {
    producer.close();
    mapper.stop().compose(v -> vertx.close()).await();
  }

  private static JsonObject statement(String id, String mbox, String competency, String authority) {
    return new JsonObject()
        .put("id", id)
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/passed"))
        .put("object", new JsonObject().put("id", "https://learning.example.org/course/" + UUID.randomUUID()))
        .put("context", new JsonObject().put("contextActivities", new JsonObject()
            .put("category", new JsonArray().add(new JsonObject().put("id", COMPETENCIES + competency)))))
        .put("timestamp", "2026-10-01T09:00:00Z")
        .put("stored", "2026-10-01T09:00:01Z")
        .put("authority", new JsonObject().put("objectType", "Agent").put("name", authority)
            .put("account", new JsonObject().put("homePage", "https://example.nhs.uk").put("name", "k")));
  }

  private static JsonObject voiding(String mbox, String target, String authority) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", target))
        .put("stored", "2026-10-02T09:00:01Z")
        .put("authority", new JsonObject().put("objectType", "Agent").put("name", authority)
            .put("account", new JsonObject().put("homePage", "https://example.nhs.uk").put("name", "k")));
  }

  /** Publishes as the LRS relay does: the organisation whose store holds the statement rides along. */
  private static void publish(JsonObject statement, String type, UUID organisation) throws Exception {
    String learner = Actors.learnerKey(statement);
    CloudEvent event = new CloudEvent(statement.getString("id"), "/xapi/statements", type, learner,
        Instant.now(), statement).withExtension(CloudEvent.ORGANISATION, organisation.toString());
    producer.send(new ProducerRecord<>(Topics.LRS_STATEMENTS, learner, event.toJson().encode())).get();
  }

  private static JsonObject passportOf(String mbox) {
    var lookup = http.get(mapper.port(), "localhost", "/persons")
        .addQueryParam("agent", new JsonObject().put("mbox", mbox).encode())
        .basicAuthentication("reader", "reader-secret").send().await();
    if (lookup.statusCode() != 200) {
      return null;
    }
    var passport = http.get(mapper.port(), "localhost", "/passports/" + lookup.bodyAsJsonObject().getString("personId"))
        .basicAuthentication("reader", "reader-secret").send().await();
    return passport.statusCode() == 200 ? passport.bodyAsJsonObject() : null;
  }

  private static <T> T eventually(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
    return org.ahphub.testing.Eventually.await("the condition", probe::get, done);
  }

  private static List<JsonObject> evidenceOf(JsonObject passport, String competency) {
    List<JsonObject> evidence = new ArrayList<>();
    if (passport == null) {
      return evidence;
    }
    for (Object c : passport.getJsonArray("competencies")) {
      JsonObject entry = (JsonObject) c;
      if (entry.getString("number").equals(competency)) {
        for (Object s : entry.getJsonArray("stages")) {
          ((JsonObject) s).getJsonArray("evidence").forEach(e -> evidence.add((JsonObject) e));
        }
      }
    }
    return evidence;
  }

  /** The {@code passport.updates} events of a person until {@code count} arrived (or 30 s passed). */
  private static List<CloudEvent> eventsFor(String personId, int count) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "group.id", "events-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
      consumer.subscribe(List.of(Topics.PASSPORT_UPDATES));
      List<CloudEvent> events = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (events.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (personId.equals(record.key())) {
            events.add(CloudEvent.fromJson(new JsonObject(record.value())));
          }
        }
      }
      return events;
    }
  }

  @Test
  @DisplayName("two organisations' statements of one id credit their own learners; a void reaches only its own organisation's")
  void voidsStayWithinTheirOrganisation() throws Exception {
    String x = UUID.randomUUID().toString();
    String learnerA = "mailto:a-" + UUID.randomUUID() + "@example.nhs.uk";
    String learnerB = "mailto:b-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject ofA = statement(x, learnerA, "5.6", "Trust A");
    JsonObject ofB = statement(x, learnerB, "5.6", "Platform B");

    publish(ofA, EventTypes.STATEMENT_STORED, ORGANISATION_A);
    publish(ofB, EventTypes.STATEMENT_STORED, ORGANISATION_B);
    JsonObject passportA = eventually(() -> passportOf(learnerA), p -> !evidenceOf(p, "5.6").isEmpty());
    JsonObject passportB = eventually(() -> passportOf(learnerB), p -> !evidenceOf(p, "5.6").isEmpty());

    // Each shows the id its organisation posted, and who contributed it.
    JsonObject evidenceA = evidenceOf(passportA, "5.6").get(0);
    assertThat(evidenceA.getString("statementId")).isEqualTo(x);
    assertThat(evidenceA.getString("sourceOrganisation")).isEqualTo("Trust A");
    assertThat(evidenceA.getString("sourceOrganisationId")).isEqualTo(ORGANISATION_A.toString());
    JsonObject evidenceB = evidenceOf(passportB, "5.6").get(0);
    assertThat(evidenceB.getString("statementId")).isEqualTo(x);
    assertThat(evidenceB.getString("sourceOrganisationId")).isEqualTo(ORGANISATION_B.toString());
    String personB = passportB.getString("personId");
    CloudEvent creditedB = eventsFor(personB, 1).get(0);
    assertThat(creditedB.type()).isEqualTo(EventTypes.COMPETENCY_CREDITED);
    assertThat(creditedB.data().getString("statementId")).isEqualTo(x);

    // B voids its own x: B's learner loses B's credit, A's learner keeps A's.
    JsonObject voidOfB = voiding(learnerB, x, "Platform B");
    publish(voidOfB, EventTypes.STATEMENT_VOIDED, ORGANISATION_B);
    eventually(() -> passportOf(learnerB), p -> p != null && evidenceOf(p, "5.6").isEmpty());
    JsonObject afterVoidOfB = passportOf(learnerA);
    assertThat(evidenceOf(afterVoidOfB, "5.6")).extracting(e -> e.getString("statementId")).containsExactly(x);
    assertThat(afterVoidOfB.getLong("version")).isEqualTo(passportA.getLong("version"));

    // Redelivered events change nothing: not A's credit, not B's credit (voided), not B's void.
    publish(ofA, EventTypes.STATEMENT_STORED, ORGANISATION_A);
    publish(ofB, EventTypes.STATEMENT_STORED, ORGANISATION_B);
    publish(voidOfB, EventTypes.STATEMENT_VOIDED, ORGANISATION_B);
    String marker = "mailto:marker-" + UUID.randomUUID() + "@example.nhs.uk";
    publish(statement(UUID.randomUUID().toString(), marker, "8.4", "Trust A"), EventTypes.STATEMENT_STORED,
        ORGANISATION_A);
    eventually(() -> passportOf(marker), p -> !evidenceOf(p, "8.4").isEmpty());
    assertThat(passportOf(learnerA)).isEqualTo(afterVoidOfB);
    JsonObject passportBAfter = passportOf(learnerB);
    assertThat(evidenceOf(passportBAfter, "5.6")).isEmpty();

    // A's void of x retracts A's credit.
    publish(voiding(learnerA, x, "Trust A"), EventTypes.STATEMENT_VOIDED, ORGANISATION_A);
    eventually(() -> passportOf(learnerA), p -> p != null && evidenceOf(p, "5.6").isEmpty());
    assertThat(passportOf(learnerB).getLong("version")).isEqualTo(passportBAfter.getLong("version"));
  }

  @Test
  @DisplayName("a void that arrives before its statement wins only within its own organisation")
  void earlyVoidStaysWithinItsOrganisation() throws Exception {
    String x = UUID.randomUUID().toString();
    String learnerA = "mailto:early-a-" + UUID.randomUUID() + "@example.nhs.uk";
    String learnerB = "mailto:early-b-" + UUID.randomUUID() + "@example.nhs.uk";
    publish(voiding(learnerB, x, "Platform B"), EventTypes.STATEMENT_VOIDED, ORGANISATION_B);
    publish(statement(x, learnerB, "2.2", "Platform B"), EventTypes.STATEMENT_STORED, ORGANISATION_B);
    publish(statement(x, learnerA, "2.2", "Trust A"), EventTypes.STATEMENT_STORED, ORGANISATION_A);
    JsonObject passportA = eventually(() -> passportOf(learnerA), p -> !evidenceOf(p, "2.2").isEmpty());
    assertThat(evidenceOf(passportA, "2.2")).extracting(e -> e.getString("statementId")).containsExactly(x);
    assertThat(evidenceOf(passportOf(learnerB), "2.2")).isEmpty();
  }
}
