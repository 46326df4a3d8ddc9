package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.platform.db.DatabaseConfig;
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

/** The mapper against a real PostgreSQL and a real Kafka broker. */
class CompetencyMapperIT {

  private static final String COMPETENCIES = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/";
  private static Vertx vertx;
  private static CompetencyMapper mapper;
  private static WebClient http;
  private static KafkaProducer<String, String> producer;
  private static TestInfrastructure infrastructure;

  @BeforeAll
  static void start() {
    infrastructure = TestInfrastructure.get();
    PostgresCoordinates db = infrastructure.freshDatabase();
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", db.host());
    env.put("PGPORT", String.valueOf(db.port()));
    env.put("PGDATABASE", db.database());
    env.put("PGUSER", db.user());
    env.put("PGPASSWORD", db.password());
    env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
    env.put("MAPPER_HTTP_PORT", "0");
    env.put("MAPPER_CONSUMER_GROUP", "mapper-it-" + UUID.randomUUID());
    vertx = Vertx.vertx();
    MapperConfig config = MapperConfig.fromEnv(env);
    mapper = CompetencyMapper.start(vertx, config).await();
    new PgCredentialStore(vertx, mapper.pool())
        // The hub operator's scope: sees every passport without a relationship (access rules: PassportAccessIT).
        .ensure("Reader Trust", "https://reader.example.nhs.uk", "reader", "reader-secret", Set.of("passport:read", "admin"))
        .compose(v -> new PgCredentialStore(vertx, mapper.pool())
            .ensure("Writer Platform", "https://writer.example.org", "writer", "writer-secret", Set.of("statements/write")))
        .await();
    http = WebClient.create(vertx);
    producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
  }

  @AfterAll
  static void stop() {
    producer.close();
    mapper.stop().compose(v -> vertx.close()).await();
  }

  private static JsonObject statement(String mbox, String verb, String competency) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/" + verb))
        .put("object", new JsonObject().put("id", "https://learning.example.org/course/" + UUID.randomUUID()))
        .put("context", new JsonObject().put("contextActivities", new JsonObject()
            .put("category", new JsonArray().add(new JsonObject().put("id", COMPETENCIES + competency)))))
        .put("timestamp", "2026-10-01T09:00:00Z")
        .put("stored", "2026-10-01T09:00:01Z")
        .put("authority", new JsonObject().put("objectType", "Agent").put("name", "Example Trust")
            .put("account", new JsonObject().put("homePage", "https://example.nhs.uk").put("name", "k")));
  }

  private static void publish(JsonObject statement, String type) throws Exception {
    String learner = Actors.learnerKey(statement);
    CloudEvent event = new CloudEvent(statement.getString("id"), "/xapi/statements", type, learner,
        Instant.now(), statement);
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

  private static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T value = probe.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s; last value: " + value);
      }
      Thread.sleep(100);
      value = probe.get();
    }
    return value;
  }

  private static List<JsonObject> evidenceOf(JsonObject passport, String competency) {
    List<JsonObject> evidence = new ArrayList<>();
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

  @Test
  @DisplayName("the same statement event delivered twice gives one credit and one passport version")
  void redeliveryIsIdempotent() throws Exception {
    String mbox = "mailto:twice-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject statement = statement(mbox, "completed", "5.6");
    publish(statement, EventTypes.STATEMENT_STORED);
    publish(statement, EventTypes.STATEMENT_STORED);
    // A later statement for the same learner proves both copies were consumed before it (one partition per key).
    JsonObject later = statement(mbox, "completed", "4.2");
    publish(later, EventTypes.STATEMENT_STORED);

    JsonObject passport = eventually(() -> passportOf(mbox), p -> p != null && !evidenceOf(p, "4.2").isEmpty());
    assertThat(evidenceOf(passport, "5.6")).hasSize(1)
        .first().satisfies(e -> assertThat(e.getString("statementId")).isEqualTo(statement.getString("id")));
    assertThat(passport.getLong("version")).isEqualTo(2);
  }

  @Test
  @DisplayName("voiding a statement retracts the credits it gave, and each retraction is published on passport.updates after its credit")
  void voidingRetracts() throws Exception {
    String mbox = "mailto:voided-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject credited = statement(mbox, "passed", "3.12");
    publish(credited, EventTypes.STATEMENT_STORED);
    JsonObject passport = eventually(() -> passportOf(mbox), p -> p != null && !evidenceOf(p, "3.12").isEmpty());
    String personId = passport.getString("personId");

    JsonObject voiding = new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", credited.getString("id")));
    publish(voiding, EventTypes.STATEMENT_VOIDED);
    eventually(() -> passportOf(mbox), p -> p != null && evidenceOf(p, "3.12").isEmpty());

    // 3.12 has one indicator for all stages: credited, then retracted, at each of the three.
    List<String> types = eventsFor(personId, 6);
    assertThat(types).containsExactly(
        EventTypes.COMPETENCY_CREDITED, EventTypes.COMPETENCY_CREDITED, EventTypes.COMPETENCY_CREDITED,
        EventTypes.COMPETENCY_RETRACTED, EventTypes.COMPETENCY_RETRACTED, EventTypes.COMPETENCY_RETRACTED);
  }

  @Test
  @DisplayName("a statement that credits nothing leaves no passport, and an unreadable record does not stop the consumer")
  void nothingToCreditAndPoisonRecords() throws Exception {
    producer.send(new ProducerRecord<>(Topics.LRS_STATEMENTS, "poison", "this is not JSON")).get();
    String mbox = "mailto:attempted-" + UUID.randomUUID() + "@example.nhs.uk";
    publish(statement(mbox, "attempted", "5.6"), EventTypes.STATEMENT_STORED);
    String otherMbox = "mailto:after-poison-" + UUID.randomUUID() + "@example.nhs.uk";
    publish(statement(otherMbox, "completed", "8.4"), EventTypes.STATEMENT_STORED);
    eventually(() -> passportOf(otherMbox), p -> p != null && !evidenceOf(p, "8.4").isEmpty());
    assertThat(passportOf(mbox)).isNull();
  }

  @Test
  @DisplayName("the passport API says clearly what is wrong: 401 without credentials, 403 without scope, 400, 404")
  void passportApiErrors() {
    String someone = UUID.randomUUID().toString();
    var anonymous = http.get(mapper.port(), "localhost", "/passports/" + someone).send().await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(anonymous.bodyAsJsonObject().getString("detail")).isNotBlank();
    assertThat(anonymous.bodyAsJsonObject().copy().put("detail", "…")).isEqualTo(new JsonObject()
        .put("type", "about:blank").put("title", "Unauthorized").put("status", 401).put("detail", "…"));

    var wrongScope = http.get(mapper.port(), "localhost", "/passports/" + someone)
        .basicAuthentication("writer", "writer-secret").send().await();
    assertThat(wrongScope.statusCode()).isEqualTo(403);

    var wrongSecret = http.get(mapper.port(), "localhost", "/passports/" + someone)
        .basicAuthentication("reader", "nope").send().await();
    assertThat(wrongSecret.statusCode()).isEqualTo(401);

    var notUuid = http.get(mapper.port(), "localhost", "/passports/not-a-uuid")
        .basicAuthentication("reader", "reader-secret").send().await();
    assertThat(notUuid.statusCode()).isEqualTo(400);
    assertThat(notUuid.bodyAsJsonObject().getString("detail")).contains("UUID");

    var unknown = http.get(mapper.port(), "localhost", "/passports/" + someone)
        .basicAuthentication("reader", "reader-secret").send().await();
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject()).isEqualTo(new JsonObject().put("type", "about:blank")
        .put("title", "Not Found").put("status", 404).put("detail", "no passport with that id"));

    var noRoute = http.delete(mapper.port(), "localhost", "/framework").send().await();
    assertThat(noRoute.statusCode()).isEqualTo(404);
    assertThat(noRoute.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(noRoute.bodyAsJsonObject().getString("type")).isEqualTo("https://ahp-hub.org/problems/no-such-route");
    assertThat(noRoute.bodyAsJsonObject().getString("detail")).contains("DELETE");

    var badAgent = http.get(mapper.port(), "localhost", "/persons").addQueryParam("agent", "{not json")
        .basicAuthentication("reader", "reader-secret").send().await();
    assertThat(badAgent.statusCode()).isEqualTo(400);

    var noIdentifier = http.get(mapper.port(), "localhost", "/persons").addQueryParam("agent", "{\"mbox\":1}")
        .basicAuthentication("reader", "reader-secret").send().await();
    assertThat(noIdentifier.statusCode()).isEqualTo(400);
    assertThat(noIdentifier.bodyAsJsonObject().getString("detail")).contains("needs an identifier");
  }

  @Test
  @DisplayName("the framework is served as JSON and as a CASE package without credentials")
  void frameworkIsPublic() {
    var framework = http.get(mapper.port(), "localhost", "/framework").send().await();
    assertThat(framework.statusCode()).isEqualTo(200);
    assertThat(framework.bodyAsJsonObject().getJsonArray("domains")).hasSize(8);
    var casePackage = http.get(mapper.port(), "localhost", "/framework/case").send().await();
    assertThat(casePackage.bodyAsJsonObject().getJsonArray("CFItems")).hasSize(8 + 55 + 165);
  }

  /** The types of the first {@code count} passport.updates events about one person, in order. */
  private static List<String> eventsFor(String personId, int count) throws InterruptedException {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "group.id", "events-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
      consumer.subscribe(List.of(Topics.PASSPORT_UPDATES));
      List<String> types = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (types.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (personId.equals(record.key())) {
            CloudEvent event = CloudEvent.fromJson(new JsonObject(record.value()));
            assertThat(event.subject()).isEqualTo(personId);
            types.add(event.type());
          }
        }
      }
      return types;
    }
  }
}
