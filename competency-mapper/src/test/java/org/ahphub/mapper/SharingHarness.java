package org.ahphub.mapper;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A competency mapper on a fresh database with development mode on (loopback webhook receivers),
 * short webhook retries, a hub-operator credential, and helpers that go through the admin API.
 */
public final class SharingHarness implements AutoCloseable {

  public static final String COMPETENCIES = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/";
  public static final String OPERATOR = "operator";
  public static final String OPERATOR_SECRET = "operator-secret";

  public final Vertx vertx;
  public final CompetencyMapper mapper;
  public final WebClient http;
  private final KafkaProducer<String, String> producer;

  public record Credential(String organisationId, String key, String secret) {}

  public SharingHarness(Map<String, String> extra) {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    PostgresCoordinates db = infrastructure.freshDatabase();
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", db.host());
    env.put("PGPORT", String.valueOf(db.port()));
    env.put("PGDATABASE", db.database());
    env.put("PGUSER", db.user());
    env.put("PGPASSWORD", db.password());
    env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
    env.put("MAPPER_HTTP_PORT", "0");
    env.put("MAPPER_CONSUMER_GROUP", "sharing-it-" + UUID.randomUUID());
    env.put("HUB_DEV_MODE", "true");
    env.put("WEBHOOK_RETRY_BASE", "PT0.1S");
    env.put("WEBHOOK_RETRY_MAX_DELAY", "PT0.5S");
    env.put("WEBHOOK_RETRY_FOR", "PT8S");
    env.putAll(extra);
    vertx = Vertx.vertx();
    mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(env)).await();
    new PgCredentialStore(vertx, mapper.pool())
        .ensure("Hub Operator", "https://hub.example.org", OPERATOR, OPERATOR_SECRET, Set.of("admin")).await();
    http = WebClient.create(vertx);
    producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
  }

  @Override
  public void close() {
    producer.close();
    mapper.stop().compose(v -> vertx.close()).await();
  }

  public HttpResponse<Buffer> asOperator(String method, String path, JsonObject body) {
    return call(method, path, OPERATOR, OPERATOR_SECRET, body);
  }

  public HttpResponse<Buffer> call(String method, String path, String key, String secret, JsonObject body) {
    var request = http.request(io.vertx.core.http.HttpMethod.valueOf(method), mapper.port(), "localhost", path)
        .basicAuthentication(key, secret);
    return body == null ? request.send().await() : request.sendJsonObject(body).await();
  }

  public HttpResponse<Buffer> asLearner(String method, String path, String token, JsonObject body) {
    var request = http.request(io.vertx.core.http.HttpMethod.valueOf(method), mapper.port(), "localhost", path)
        .bearerTokenAuthentication(token);
    return body == null ? request.send().await() : request.sendJsonObject(body).await();
  }

  /** An organisation and a credential with these scopes, through the admin API. */
  public Credential organisation(String name, String... scopes) {
    return organisationAt(name, "https://" + UUID.randomUUID() + ".example.org", scopes);
  }

  /** An organisation whose xAPI home page (where its own accounts live) is {@code homePage}. */
  public Credential organisationAt(String name, String homePage, String... scopes) {
    var created = asOperator("POST", "/admin/organisations",
        new JsonObject().put("name", name).put("homePage", homePage));
    if (created.statusCode() != 201) {
      throw new AssertionError("organisation not created: " + created.bodyAsString());
    }
    String id = created.bodyAsJsonObject().getString("id");
    var credential = asOperator("POST", "/admin/organisations/" + id + "/credentials",
        new JsonObject().put("scopes", new JsonArray(java.util.List.of(scopes))));
    return new Credential(id, credential.bodyAsJsonObject().getString("key"),
        credential.bodyAsJsonObject().getString("secret"));
  }

  public HttpResponse<Buffer> as(Credential credential, String method, String path, JsonObject body) {
    return call(method, path, credential.key(), credential.secret(), body);
  }

  public String learnerToken(String personId) {
    return asOperator("POST", "/admin/persons/" + personId + "/learner-tokens", new JsonObject())
        .bodyAsJsonObject().getString("token");
  }

  /**
   * The organisation proposes employment from {@code startsAt} and the person accepts it with a learner token,
   * as they would on the web page: the consented relationship that lets the organisation see them.
   */
  public String employ(Credential organisation, String personId, String startsAt) {
    var proposed = as(organisation, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("personId", personId).put("startsAt", startsAt));
    if (proposed.statusCode() != 201) {
      throw new AssertionError("relationship not proposed: " + proposed.bodyAsString());
    }
    String relationshipId = proposed.bodyAsJsonObject().getString("id");
    accept(personId, relationshipId);
    return relationshipId;
  }

  public String employ(Credential organisation, String personId) {
    return employ(organisation, personId, Instant.now().minusSeconds(60).toString());
  }

  /** The person accepts the proposal with a learner token. */
  public void accept(String personId, String relationshipId) {
    var accepted = asLearner("POST", "/me/relationships/" + relationshipId + "/accept", learnerToken(personId), null);
    if (accepted.statusCode() != 200) {
      throw new AssertionError("relationship not accepted: " + accepted.statusCode() + " " + accepted.bodyAsString());
    }
  }

  /** Publishes a completed statement crediting {@code competency} and waits until the person's passport exists. */
  public String credit(String mbox, String competency) throws Exception {
    return creditAs(null, mbox, competency);
  }

  /**
   * The same, as the LRS relays a statement stored by {@code organisation} (its id in the CloudEvent's
   * {@code organisation} attribute); null for an event without one.
   */
  public String creditAs(Credential organisation, String mbox, String competency) throws Exception {
    publishStatement(completed(mbox, competency), EventTypes.STATEMENT_STORED,
        organisation == null ? null : organisation.organisationId());
    return awaitPerson(new JsonObject().put("mbox", mbox));
  }

  /** A completed statement crediting {@code competency}, as the LRS stores it (with stored and authority). */
  public static JsonObject completed(String mbox, String competency) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://learning.example.org/course/" + UUID.randomUUID()))
        .put("context", new JsonObject().put("contextActivities", new JsonObject()
            .put("category", new JsonArray().add(new JsonObject().put("id", COMPETENCIES + competency)))))
        .put("timestamp", "2026-10-01T09:00:00Z")
        .put("stored", "2026-10-01T09:00:01Z")
        .put("authority", new JsonObject().put("objectType", "Agent").put("name", "Example Trust")
            .put("account", new JsonObject().put("homePage", "https://example.nhs.uk").put("name", "k")));
  }

  /**
   * Publishes a statement on {@code lrs.statements} as the LRS relays it: event {@code type} (stored or
   * voided), keyed by learner, with the {@code organisationId} whose store holds it (null: an event without one).
   */
  public void publishStatement(JsonObject statement, String type) throws Exception {
    publishStatement(statement, type, null);
  }

  public void publishStatement(JsonObject statement, String type, String organisationId) throws Exception {
    String learner = Actors.learnerKey(statement);
    CloudEvent plain = new CloudEvent(statement.getString("id"), "/xapi/statements", type, learner, Instant.now(),
        statement);
    CloudEvent event = organisationId == null ? plain : plain.withExtension(CloudEvent.ORGANISATION, organisationId);
    producer.send(new ProducerRecord<>(Topics.LRS_STATEMENTS, learner, event.toJson().encode())).get();
  }

  /** Publishes a passport.updates event directly, keyed by person, and returns its id. */
  public String publishPassportEvent(String personId, String type, String competency, String stage) throws Exception {
    String id = UUID.randomUUID().toString();
    JsonObject data = new JsonObject().put("personId", personId).put("passportVersion", 1)
        .put("competency", new JsonObject().put("number", competency).put("iri", COMPETENCIES + competency))
        .put("stage", stage);
    CloudEvent event = new CloudEvent(id, "/passports", type, personId, Instant.now(), data);
    publishRaw(personId, event.toJson().encode());
    return id;
  }

  /** Publishes a record on {@code lrs.statements} as it is (an event as the LRS would, sealed or not). */
  public void publishEvent(String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(Topics.LRS_STATEMENTS, key, value)).get();
  }

  public void publishRaw(String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(Topics.PASSPORT_UPDATES, key, value)).get();
  }

  public static <T> T eventually(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
    return eventually(probe, done, Duration.ofSeconds(30));
  }

  public static <T> T eventually(Supplier<T> probe, Predicate<T> done, Duration within) throws InterruptedException {
    return org.ahphub.testing.Eventually.await("the condition", within, Duration.ofMillis(50), probe::get, done);
  }

  /**
   * A completed statement crediting {@code competency} for {@code agent}, stored by {@code organisation}, and the
   * person it credited, once their passport exists.
   */
  public String creditAgent(Credential organisation, JsonObject agent, String competency) throws Exception {
    JsonObject statement = completed("mailto:unused@example.org", competency).put("actor", agent);
    publishStatement(statement, EventTypes.STATEMENT_STORED, organisation.organisationId());
    return awaitPerson(agent);
  }

  /** The person the mapper knows {@code agent} as, once it does (the operator's {@code GET /persons?agent=}). */
  public String awaitPerson(JsonObject agent) throws InterruptedException {
    return eventually(() -> {
      var found = http.get(mapper.port(), "localhost", "/persons").addQueryParam("agent", agent.encode())
          .basicAuthentication(OPERATOR, OPERATOR_SECRET).send().await();
      return found.statusCode() == 200 ? found.bodyAsJsonObject().getString("personId") : null;
    }, id -> id != null);
  }

  /**
   * The records on {@code topic} keyed {@code key}, read from the beginning: at least {@code count} of them (or
   * what arrived within 30 seconds), then one second more for any extras.
   */
  public static List<ConsumerRecord<String, String>> records(String topic, String key, int count) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers(),
        "group.id", "harness-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(record.key())) {
            records.add(record);
          }
        }
        if (records.size() >= count && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        }
      }
      return records;
    }
  }
}
