package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.events.StatementEventsVerticle;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.store.pg.PgStores;
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

/** Credits over time, expiry, renewal, order independence, poison messages, catalogue, people and gaps. */
class PassportLifecycleIT {

  static final String COMPETENCIES = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/";
  static final String CSTF = "https://ahp-hub.org/vocab/cstf/";
  private static Vertx vertx;
  private static CompetencyMapper mapper;
  private static PassportService service;
  private static WebClient http;
  private static KafkaProducer<String, String> producer;
  private static TestInfrastructure infrastructure;

  @BeforeAll
  static void start() {
    infrastructure = TestInfrastructure.get();
    PostgresCoordinates db = infrastructure.freshDatabase();
    vertx = Vertx.vertx();
    mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(env(db, "lifecycle-it-" + UUID.randomUUID()))).await();
    PgCredentialStore credentials = new PgCredentialStore(vertx, mapper.pool());
    credentials.ensure("Operations", "https://ops.example.nhs.uk", "ops", "ops-secret", Set.of("all", "admin"))
        .compose(v -> credentials.ensure("Trust A", "https://trust-a.example.nhs.uk", "trust-a", "a-secret",
            Set.of("catalogue:write")))
        .compose(v -> credentials.ensure("Trust B", "https://trust-b.example.nhs.uk", "trust-b", "b-secret",
            Set.of("catalogue:write", "person:link")))
        .compose(v -> credentials.ensure("Reader", "https://reader.example.nhs.uk", "reader", "r-secret",
            Set.of("passport:read")))
        .await();
    Framework framework = Framework.load();
    service = new PassportService(framework,
        PgStores.on(mapper.pool(), PassportService.attainment(framework, Clock.systemUTC())), Clock.systemUTC());
    http = WebClient.create(vertx);
    producer = producer(infrastructure);
  }

  static Map<String, String> env(PostgresCoordinates db, String group) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", db.host());
    env.put("PGPORT", String.valueOf(db.port()));
    env.put("PGDATABASE", db.database());
    env.put("PGUSER", db.user());
    env.put("PGPASSWORD", db.password());
    env.put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.get().kafkaBootstrapServers());
    env.put("MAPPER_HTTP_PORT", "0");
    env.put("MAPPER_CONSUMER_GROUP", group);
    return env;
  }

  static KafkaProducer<String, String> producer(TestInfrastructure infrastructure) {
    return new KafkaProducer<>(Map.of(
        "bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
  }

  @AfterAll
  static void stop() {
    producer.close();
    mapper.stop().compose(v -> vertx.close()).await();
  }

  // ------------------------------------------------------------------ helpers

  static JsonObject statement(JsonObject actor, String verb, String objectId, Instant timestamp, String... categories) {
    JsonArray category = new JsonArray();
    for (String c : categories) {
      category.add(new JsonObject().put("id", c));
    }
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", actor)
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/" + verb))
        .put("object", new JsonObject().put("id", objectId))
        .put("context", new JsonObject().put("contextActivities", new JsonObject().put("category", category)))
        .put("timestamp", timestamp.toString())
        .put("stored", Instant.now().toString())
        .put("authority", new JsonObject().put("objectType", "Agent").put("name", "Example Trust")
            .put("account", new JsonObject().put("homePage", "https://example.nhs.uk").put("name", "k")));
  }

  static JsonObject voiding(JsonObject actor, String target) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", actor)
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", target))
        .put("timestamp", Instant.now().toString());
  }

  static JsonObject mbox(String name) {
    return new JsonObject().put("mbox", "mailto:" + name + "-" + UUID.randomUUID() + "@example.nhs.uk");
  }

  static void publish(KafkaProducer<String, String> producer, JsonObject statement) throws Exception {
    String type = statement.getJsonObject("verb").getString("id").endsWith("/voided")
        ? EventTypes.STATEMENT_VOIDED : EventTypes.STATEMENT_STORED;
    String learner = Actors.learnerKey(statement);
    CloudEvent event = new CloudEvent(statement.getString("id"), "/xapi/statements", type, learner, Instant.now(), statement);
    producer.send(new ProducerRecord<>(Topics.LRS_STATEMENTS, learner, event.toJson().encode())).get();
  }

  private static void publish(JsonObject statement) throws Exception {
    publish(producer, statement);
  }

  private static String personOf(JsonObject agent) {
    var lookup = http.get(mapper.port(), "localhost", "/persons").addQueryParam("agent", agent.encode())
        .basicAuthentication("ops", "ops-secret").send().await();
    return lookup.statusCode() == 200 ? lookup.bodyAsJsonObject().getString("personId") : null;
  }

  private static JsonObject passport(String personId) {
    var response = http.get(mapper.port(), "localhost", "/passports/" + personId)
        .basicAuthentication("ops", "ops-secret").send().await();
    return response.statusCode() == 200 ? response.bodyAsJsonObject() : null;
  }

  private static JsonObject passportOf(JsonObject agent) {
    String person = personOf(agent);
    return person == null ? null : passport(person);
  }

  static <T> T eventually(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
    return org.ahphub.testing.Eventually.await("the condition", probe::get, done);
  }

  /** The stage entry of a competency in a passport, or null. */
  private static JsonObject stageOf(JsonObject passport, String number, String stage) {
    if (passport == null) {
      return null;
    }
    for (Object c : passport.getJsonArray("competencies")) {
      JsonObject competency = (JsonObject) c;
      if (competency.getString("number").equals(number)) {
        for (Object s : competency.getJsonArray("stages")) {
          if (((JsonObject) s).getString("stage").equals(stage)) {
            return (JsonObject) s;
          }
        }
      }
    }
    return null;
  }

  /** passport.updates events about one person, read from the beginning until {@code done} holds. */
  private static List<CloudEvent> events(String personId, Predicate<List<CloudEvent>> done) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "group.id", "events-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
      consumer.subscribe(List.of(Topics.PASSPORT_UPDATES));
      List<CloudEvent> events = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!done.test(events) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (personId.equals(record.key())) {
            events.add(CloudEvent.fromJson(new JsonObject(record.value())));
          }
        }
      }
      return events;
    }
  }

  private static long count(List<CloudEvent> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).count();
  }

  // ------------------------------------------------------------------ tests

  @Test
  @DisplayName("statutory training credits until its renewal date: expired, expiring within 30 days and held, and the expiry job says so once")
  void expiryStatuses() throws Exception {
    JsonObject sam = mbox("expiry");
    Instant now = Instant.now();
    publish(statement(sam, "passed", "https://portal.e-lfh.org.uk/fire", now.minus(400, ChronoUnit.DAYS), CSTF + "fire-safety"));
    publish(statement(sam, "passed", "https://portal.e-lfh.org.uk/ipc2", now.minus(350, ChronoUnit.DAYS),
        CSTF + "infection-prevention-control-l2"));
    publish(statement(sam, "completed", "https://portal.e-lfh.org.uk/mh1", now.minus(10, ChronoUnit.DAYS),
        CSTF + "moving-handling-l1"));
    JsonObject passport = eventually(() -> passportOf(sam), p -> stageOf(p, "5.3", "entry") != null);
    assertThat(stageOf(passport, "5.1", "entry").getString("status")).isEqualTo("expired");
    assertThat(stageOf(passport, "5.6", "entry").getString("status")).isEqualTo("expiring");
    assertThat(stageOf(passport, "5.3", "assistant-practitioner").getString("status")).isEqualTo("held");
    JsonObject evidence = stageOf(passport, "5.6", "entry").getJsonArray("evidence").getJsonObject(0);
    assertThat(evidence.getJsonObject("rule").getString("id")).isEqualTo("statutory-mandatory-training");
    assertThat(evidence.getString("validUntil")).isNotNull();

    service.runExpiry().await();
    service.runExpiry().await();
    String person = passport.getString("personId");
    List<CloudEvent> events = events(person, e -> count(e, EventTypes.COMPETENCY_EXPIRED) >= 3
        && count(e, EventTypes.COMPETENCY_EXPIRING) >= 1);
    assertThat(count(events, EventTypes.COMPETENCY_EXPIRED)).isEqualTo(3);
    assertThat(count(events, EventTypes.COMPETENCY_EXPIRING)).isEqualTo(1);
    assertThat(events).filteredOn(e -> e.type().equals(EventTypes.COMPETENCY_EXPIRING))
        .allSatisfy(e -> assertThat(e.data().getJsonObject("competency").getString("number")).isEqualTo("5.6"));
  }

  @Test
  @DisplayName("a later completion renews a credit (competency.renewed), and a renewal that arrives before the original gives the same state")
  void renewalInAnyOrder() throws Exception {
    Instant now = Instant.now();
    JsonObject inOrder = mbox("renew-in-order");
    JsonObject reversed = mbox("renew-reversed");
    JsonObject original = statement(inOrder, "passed", "https://portal.e-lfh.org.uk/ipc2", now.minus(400, ChronoUnit.DAYS),
        CSTF + "infection-prevention-control-l2");
    JsonObject renewal = statement(inOrder, "passed", "https://portal.e-lfh.org.uk/ipc2", now.minus(5, ChronoUnit.DAYS),
        CSTF + "infection-prevention-control-l2");
    publish(original);
    publish(renewal);
    publish(statement(reversed, "passed", "https://portal.e-lfh.org.uk/ipc2", now.minus(5, ChronoUnit.DAYS),
        CSTF + "infection-prevention-control-l2"));
    publish(statement(reversed, "passed", "https://portal.e-lfh.org.uk/ipc2", now.minus(400, ChronoUnit.DAYS),
        CSTF + "infection-prevention-control-l2"));

    Predicate<JsonObject> twoPieces = p -> stageOf(p, "5.6", "entry") != null
        && stageOf(p, "5.6", "entry").getJsonArray("evidence").size() == 2;
    JsonObject a = eventually(() -> passportOf(inOrder), twoPieces);
    JsonObject b = eventually(() -> passportOf(reversed), twoPieces);
    for (JsonObject p : List.of(a, b)) {
      assertThat(stageOf(p, "5.6", "entry").getString("status")).isEqualTo("held");
    }
    assertThat(stageOf(a, "5.6", "entry").getString("validUntil")).isEqualTo(stageOf(b, "5.6", "entry").getString("validUntil"));
    List<CloudEvent> events = events(a.getString("personId"), e -> count(e, EventTypes.COMPETENCY_RENEWED) >= 1);
    assertThat(events).extracting(CloudEvent::type)
        .containsSubsequence(EventTypes.COMPETENCY_CREDITED, EventTypes.COMPETENCY_RENEWED);
  }

  @Test
  @DisplayName("a void that arrives before the statement it voids wins")
  void voidBeforeStatement() throws Exception {
    JsonObject sam = mbox("void-first");
    JsonObject credited = statement(sam, "completed", "https://learning.example.org/c", Instant.now(), COMPETENCIES + "2.2");
    publish(voiding(sam, credited.getString("id")));
    publish(credited);
    publish(statement(sam, "completed", "https://learning.example.org/d", Instant.now(), COMPETENCIES + "2.7"));
    JsonObject passport = eventually(() -> passportOf(sam), p -> stageOf(p, "2.7", "entry") != null);
    assertThat(stageOf(passport, "2.2", "entry")).isNull();
  }

  @Test
  @DisplayName("poison messages go to lrs.statements.dlq with the reason, and processing continues")
  void poisonToDeadLetters() throws Exception {
    String marker = "not JSON " + UUID.randomUUID();
    producer.send(new ProducerRecord<>(Topics.LRS_STATEMENTS, "poison", marker)).get();
    JsonObject bad = statement(mbox("bad-time"), "completed", "https://learning.example.org/x", Instant.now(),
        COMPETENCIES + "5.6").put("timestamp", "yesterday");
    publish(bad);
    JsonObject after = mbox("after-poison");
    publish(statement(after, "completed", "https://learning.example.org/y", Instant.now(), COMPETENCIES + "8.4"));
    eventually(() -> passportOf(after), p -> stageOf(p, "8.4", "entry") != null);

    Map<String, String> reasons = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "group.id", "dlq-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
      consumer.subscribe(List.of(StatementEventsVerticle.DEAD_LETTER_TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (reasons.size() < 2 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          String reason = new String(record.headers().lastHeader("dlq-reason").value(), StandardCharsets.UTF_8);
          if (record.value().equals(marker)) {
            reasons.put("json", reason);
          } else if (record.value().contains(bad.getString("id"))) {
            reasons.put("timestamp", reason);
          }
        }
      }
    }
    assertThat(reasons.get("json")).contains("not a CloudEvents 1.0 JSON event");
    assertThat(reasons.get("timestamp")).contains("timestamp").contains(bad.getString("id"));
  }

  @Test
  @DisplayName("organisations register activities in the catalogue; statements about them credit; another organisation's entry is refused")
  void catalogue() throws Exception {
    String activity = "https://learning.trust-a.example.nhs.uk/sessions/dysphagia-" + UUID.randomUUID();
    JsonObject body = new JsonObject().put("activities", new JsonArray().add(new JsonObject()
        .put("id", activity)
        .put("competencies", new JsonArray().add(new JsonObject().put("competency", "3.6").put("stages",
            new JsonArray().add("intermediate"))).add(COMPETENCIES + "3.9/intermediate"))
        .put("passMark", 0.8)
        .put("renewal", "P2Y")));
    assertThat(put("/catalogue/activities", body, null, null).statusCode()).isEqualTo(401);
    assertThat(put("/catalogue/activities", body, "reader", "r-secret").statusCode()).isEqualTo(403);
    HttpResponse<Buffer> invalid = put("/catalogue/activities", new JsonObject().put("activities", new JsonArray()
        .add(new JsonObject().put("id", "nope").put("competencies", new JsonArray().add("9.9")).put("passMark", 3))),
        "trust-a", "a-secret");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.bodyAsJsonObject().getString("detail"))
        .contains("$.activities[0].id", "$.activities[0].competencies[0]", "$.activities[0].passMark");
    assertThat(put("/catalogue/activities", body, "trust-a", "a-secret").statusCode()).isEqualTo(200);
    assertThat(put("/catalogue/activities", body, "trust-b", "b-secret").statusCode()).isEqualTo(403);

    JsonObject sam = mbox("catalogue");
    publish(statement(sam, "passed", activity, Instant.now(), new String[0])
        .put("result", new JsonObject().put("score", new JsonObject().put("scaled", 0.9))));
    JsonObject passport = eventually(() -> passportOf(sam), p -> stageOf(p, "3.9", "intermediate") != null);
    JsonObject evidence = stageOf(passport, "3.6", "intermediate").getJsonArray("evidence").getJsonObject(0);
    assertThat(evidence.getJsonObject("rule").getString("id")).isEqualTo("activity-catalogue");
    assertThat(evidence.getString("validUntil")).isNotNull();
  }

  private static HttpResponse<Buffer> put(String path, JsonObject body, String key, String secret) {
    var request = http.put(mapper.port(), "localhost", path);
    if (key != null) {
      request.basicAuthentication(key, secret);
    }
    return request.sendJsonObject(body).await();
  }

  @Test
  @DisplayName("the operator linking an identifier merges the two records: both credit histories, and later statements, land on one passport")
  void linkingMergesPeople() throws Exception {
    JsonObject byMail = mbox("link");
    JsonObject elfh = new JsonObject().put("account", new JsonObject().put("homePage", "https://portal.e-lfh.org.uk")
        .put("name", "elfh-" + UUID.randomUUID()));
    publish(statement(byMail, "completed", "https://learning.example.org/a", Instant.now(), COMPETENCIES + "5.6"));
    publish(statement(elfh, "completed", "https://learning.example.org/b", Instant.now(), COMPETENCIES + "4.4"));
    JsonObject first = eventually(() -> passportOf(byMail), p -> stageOf(p, "5.6", "entry") != null);
    JsonObject second = eventually(() -> passportOf(elfh), p -> stageOf(p, "4.4", "entry") != null);
    String survivor = first.getString("personId");
    String merged = second.getString("personId");

    var forbidden = http.post(mapper.port(), "localhost", "/persons/" + survivor + "/identifiers")
        .basicAuthentication("reader", "r-secret").sendJsonObject(elfh).await();
    assertThat(forbidden.statusCode()).isEqualTo(403);
    var notItsOwn = http.post(mapper.port(), "localhost", "/persons/" + survivor + "/identifiers")
        .basicAuthentication("trust-b", "b-secret").sendJsonObject(elfh).await();
    assertThat(notItsOwn.statusCode()).as("an organisation attaches only identifiers it asserts, never merges")
        .isEqualTo(403);
    var unknown = http.post(mapper.port(), "localhost", "/persons/" + UUID.randomUUID() + "/identifiers")
        .basicAuthentication("ops", "ops-secret").sendJsonObject(elfh).await();
    assertThat(unknown.statusCode()).isEqualTo(404);
    var noIdentifier = http.post(mapper.port(), "localhost", "/persons/" + survivor + "/identifiers")
        .basicAuthentication("trust-b", "b-secret").sendJsonObject(new JsonObject().put("name", "Sam")).await();
    assertThat(noIdentifier.statusCode()).isEqualTo(400);

    var linked = http.post(mapper.port(), "localhost", "/persons/" + survivor + "/identifiers")
        .basicAuthentication("ops", "ops-secret").sendJsonObject(new JsonObject().put("agent", elfh)).await();
    assertThat(linked.statusCode()).isEqualTo(200);
    assertThat(linked.bodyAsJsonObject().getString("mergedPersonId")).isEqualTo(merged);

    assertThat(personOf(elfh)).isEqualTo(survivor);
    JsonObject both = passport(survivor);
    assertThat(stageOf(both, "5.6", "entry")).isNotNull();
    assertThat(stageOf(both, "4.4", "entry")).isNotNull();
    assertThat(passport(merged).getString("personId")).isEqualTo(survivor);

    publish(statement(elfh, "completed", "https://learning.example.org/c", Instant.now(), COMPETENCIES + "6.1"));
    eventually(() -> passport(survivor), p -> stageOf(p, "6.1", "entry") != null);
  }

  @Test
  @DisplayName("a domain is attained at a stage when all its competencies are held; gaps list the rest with indicators; voiding loses the stage")
  void attainmentAndGaps() throws Exception {
    JsonObject sam = mbox("attain");
    JsonObject domainOne = statement(sam, "passed", "https://learning.example.org/induction", Instant.now(),
        COMPETENCIES + "1.1/entry", COMPETENCIES + "1.2/entry", COMPETENCIES + "1.3");
    publish(domainOne);
    JsonObject passport = eventually(() -> passportOf(sam), p -> stageOf(p, "1.3", "entry") != null);
    JsonObject domain = passport.getJsonArray("domains").getJsonObject(0);
    assertThat(domain.getJsonArray("attainedStages").getList()).containsExactly("entry");
    assertThat(passport.containsKey("overallStage")).isTrue();
    String person = passport.getString("personId");

    var gaps = http.get(mapper.port(), "localhost", "/passports/" + person + "/gaps").addQueryParam("stage", "entry")
        .basicAuthentication("ops", "ops-secret").send().await();
    assertThat(gaps.statusCode()).isEqualTo(200);
    JsonArray missing = gaps.bodyAsJsonObject().getJsonArray("missing");
    assertThat(missing).hasSize(55 - 3);
    assertThat(missing.getJsonObject(0).getString("number")).isEqualTo("2.1");
    assertThat(missing.getJsonObject(0).getString("indicator")).startsWith("Develops, manages, and maintains positive");
    var badStage = http.get(mapper.port(), "localhost", "/passports/" + person + "/gaps").addQueryParam("stage", "expert")
        .basicAuthentication("ops", "ops-secret").send().await();
    assertThat(badStage.statusCode()).isEqualTo(400);

    publish(voiding(sam, domainOne.getString("id")));
    List<CloudEvent> events = events(person, e -> count(e, EventTypes.STAGE_LOST) >= 1);
    assertThat(events).extracting(CloudEvent::type).containsSubsequence(EventTypes.STAGE_ATTAINED, EventTypes.STAGE_LOST);
    assertThat(events).filteredOn(e -> e.type().equals(EventTypes.STAGE_ATTAINED)).first()
        .satisfies(e -> assertThat(e.data().getJsonObject("domain").getInteger("number")).isEqualTo(1));
  }

  @Test
  @DisplayName("gaps suggest learning: a missing competency lists the catalogue course aligned to it, one without an aligned course lists none")
  void gapsSuggestCatalogueCourses() throws Exception {
    String course = "https://learning.trust-a.example.nhs.uk/courses/research-awareness-" + UUID.randomUUID();
    JsonObject catalogue = new JsonObject().put("activities", new JsonArray().add(new JsonObject()
        .put("id", course)
        .put("competencies", new JsonArray().add(new JsonObject().put("competency", "6.2")
            .put("stages", new JsonArray().add("entry"))))));
    assertThat(put("/catalogue/activities", catalogue, "trust-a", "a-secret").statusCode()).isEqualTo(200);
    JsonObject learner = mbox("suggest");
    publish(statement(learner, "completed", "https://learning.example.org/suggest-induction", Instant.now(),
        COMPETENCIES + "1.1/entry"));
    String person = eventually(() -> passportOf(learner), p -> stageOf(p, "1.1", "entry") != null).getString("personId");

    var gaps = http.get(mapper.port(), "localhost", "/passports/" + person + "/gaps").addQueryParam("stage", "entry")
        .basicAuthentication("ops", "ops-secret").send().await();
    assertThat(gaps.statusCode()).as(gaps.bodyAsString()).isEqualTo(200);
    Map<String, JsonObject> missing = new HashMap<>();
    gaps.bodyAsJsonObject().getJsonArray("missing").forEach(m -> missing.put(((JsonObject) m).getString("number"),
        (JsonObject) m));
    assertThat(missing).doesNotContainKey("1.1");
    JsonArray suggested = missing.get("6.2").getJsonArray("learnWith");
    assertThat(suggested).hasSize(1);
    assertThat(suggested.getJsonObject(0).getString("activity")).isEqualTo(course);
    assertThat(suggested.getJsonObject(0).getString("organisation")).isEqualTo("Trust A");
    assertThat(missing.get("7.3").getJsonArray("learnWith")).isEmpty();
    // A course aligned to another stage of the competency is no suggestion for this one.
    var senior = http.get(mapper.port(), "localhost", "/passports/" + person + "/gaps").addQueryParam("stage", "intermediate")
        .basicAuthentication("ops", "ops-secret").send().await().bodyAsJsonObject();
    senior.getJsonArray("missing").stream().map(JsonObject.class::cast)
        .filter(m -> "6.2".equals(m.getString("number")))
        .forEach(m -> assertThat(m.getJsonArray("learnWith")).isEmpty());

    // The person reads the same through /me/gaps with their learner token.
    String token = http.post(mapper.port(), "localhost", "/admin/persons/" + person + "/learner-tokens")
        .basicAuthentication("ops", "ops-secret").sendJsonObject(new JsonObject().put("validForDays", 1)).await()
        .bodyAsJsonObject().getString("token");
    var own = http.get(mapper.port(), "localhost", "/me/gaps").addQueryParam("stage", "entry")
        .putHeader("Authorization", "Bearer " + token).send().await();
    assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(200);
    assertThat(own.bodyAsJsonObject().getJsonArray("missing")).isEqualTo(gaps.bodyAsJsonObject().getJsonArray("missing"));
    assertThat(http.get(mapper.port(), "localhost", "/me/gaps").addQueryParam("stage", "expert")
        .putHeader("Authorization", "Bearer " + token).send().await().statusCode()).isEqualTo(400);
    assertThat(http.get(mapper.port(), "localhost", "/me/gaps").addQueryParam("stage", "entry")
        .send().await().statusCode()).isEqualTo(401);
  }
}
