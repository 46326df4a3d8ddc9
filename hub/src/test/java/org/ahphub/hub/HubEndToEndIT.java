package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.embedded.ScratchDirectory;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The whole hub as the README starts it (embedded PostgreSQL and Kafka, LRS, mapper), driven only
 * through its public interfaces: xAPI over HTTP in, passport over HTTP and passport.updates on Kafka out,
 * identifiers linked in the mapper back in the LRS's Agents resource (through passport.identities).
 */
class HubEndToEndIT {

  private static final String COMPETENCY_5_6 =
      "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/5.6";
  private static final ScratchDirectory DATA = ScratchDirectory.create("hub-e2e-");
  private static Hub hub;
  private static Vertx vertx;
  private static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    hub = Hub.start(HubConfig.fromEnv(Map.of(
        "HUB_DATA_DIR", DATA.path().toString(),
        "HUB_POSTGRES_PORT", "0",
        "HUB_KAFKA_PORT", "0",
        "HUB_KAFKA_CONTROLLER_PORT", "0",
        "LRS_HTTP_PORT", "0",
        "MAPPER_HTTP_PORT", "0",
        "CONNECTORS_HTTP_PORT", "0",
        "HUB_DEV_CREDENTIAL", "e2e:e2e-secret")));
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    hub.close();
    DATA.close();
  }

  @Test
  @DisplayName("a completed statement POSTed to the LRS shows up as a credit in the passport and as a passport.updates event")
  void statementToPassport() throws Exception {
    String mbox = "mailto:e2e-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject statement = new JsonObject()
        .put("actor", new JsonObject().put("mbox", mbox).put("name", "Alex"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://learning.example-trust.nhs.uk/courses/ipc-level-2"))
        .put("context", new JsonObject().put("contextActivities", new JsonObject()
            .put("category", new JsonArray().add(new JsonObject().put("id", COMPETENCY_5_6)))));

    HttpResponse<Buffer> posted = http.post(hub.lrsPort(), "localhost", "/xapi/statements")
        .putHeader("X-Experience-API-Version", "1.0.3")
        .basicAuthentication("e2e", "e2e-secret")
        .sendJson(statement).await();
    assertThat(posted.statusCode()).isEqualTo(200);
    String statementId = posted.bodyAsJsonArray().getString(0);

    String personId = awaitPersonId(mbox);
    JsonObject passport = http.get(hub.mapperPort(), "localhost", "/passports/" + personId)
        .basicAuthentication("e2e", "e2e-secret").send().await().bodyAsJsonObject();
    JsonObject competency = passport.getJsonArray("competencies").getJsonObject(0);
    assertThat(competency.getString("number")).isEqualTo("5.6");
    JsonObject entry = competency.getJsonArray("stages").getJsonObject(0);
    assertThat(entry.getString("stage")).isEqualTo("entry");
    assertThat(entry.getJsonArray("evidence").getJsonObject(0).getString("statementId")).isEqualTo(statementId);
    assertThat(passport.encode()).doesNotContain("example.nhs.uk");

    CloudEvent event = awaitPassportEvent(personId);
    assertThat(event.type()).isEqualTo(EventTypes.COMPETENCY_CREDITED);
    assertThat(event.data().getString("statementId")).isEqualTo(statementId);
    assertThat(event.data().getJsonObject("competency").getString("iri")).isEqualTo(COMPETENCY_5_6);
    assertThat(event.toJson().encode()).doesNotContain("example.nhs.uk");
  }

  @Test
  @DisplayName("an identifier linked to a person in the mapper joins the LRS's Person for that learner's other identifier")
  void linkedIdentifierJoinsThePerson() throws Exception {
    String mbox = "mailto:e2e-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject staffNumber = new JsonObject().put("homePage", "https://trust.example.nhs.uk")
        .put("name", "staff-" + UUID.randomUUID());
    HttpResponse<Buffer> posted = http.post(hub.lrsPort(), "localhost", "/xapi/statements")
        .putHeader("X-Experience-API-Version", "1.0.3")
        .basicAuthentication("e2e", "e2e-secret")
        .sendJson(new JsonObject()
            .put("actor", new JsonObject().put("mbox", mbox))
            .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
            .put("object", new JsonObject().put("id", "https://learning.example-trust.nhs.uk/courses/ipc-level-2"))
            .put("context", new JsonObject().put("contextActivities", new JsonObject()
                .put("category", new JsonArray().add(new JsonObject().put("id", COMPETENCY_5_6)))))).await();
    assertThat(posted.statusCode()).isEqualTo(200);
    String personId = awaitPersonId(mbox);

    HttpResponse<Buffer> linked = http.post(hub.mapperPort(), "localhost", "/persons/" + personId + "/identifiers")
        .basicAuthentication("e2e", "e2e-secret")
        .sendJsonObject(new JsonObject().put("account", staffNumber)).await();
    assertThat(linked.statusCode()).as(linked.bodyAsString()).isEqualTo(200);

    JsonObject person = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && (person == null || !person.containsKey("account"))) {
      Thread.sleep(100);
      person = http.get(hub.lrsPort(), "localhost", "/xapi/agents")
          .addQueryParam("agent", new JsonObject().put("mbox", mbox).encode())
          .putHeader("X-Experience-API-Version", "2.0.0")
          .basicAuthentication("e2e", "e2e-secret").send().await().bodyAsJsonObject();
    }
    assertThat(person.getString("objectType")).isEqualTo("Person");
    assertThat(person.getJsonArray("mbox")).containsExactly(mbox);
    assertThat(person.getJsonArray("account")).containsExactly(staffNumber);
  }

  @Test
  @DisplayName("bad requests get a clear JSON error and a 4xx from the running hub, never a 500")
  void badInputThroughTheHub() {
    HttpResponse<Buffer> malformed = http.post(hub.lrsPort(), "localhost", "/xapi/statements")
        .putHeader("X-Experience-API-Version", "1.0.3")
        .putHeader("Content-Type", "application/json")
        .basicAuthentication("e2e", "e2e-secret")
        .sendBuffer(Buffer.buffer("{\"actor\": ")).await();
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getString("message")).contains("JSON");

    HttpResponse<Buffer> noCredentials = http.get(hub.lrsPort(), "localhost", "/xapi/statements")
        .putHeader("X-Experience-API-Version", "1.0.3").send().await();
    assertThat(noCredentials.statusCode()).isEqualTo(401);

    HttpResponse<Buffer> noVersion = http.get(hub.lrsPort(), "localhost", "/xapi/statements")
        .basicAuthentication("e2e", "e2e-secret").send().await();
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(noVersion.bodyAsJsonObject().getString("message")).contains("X-Experience-API-Version");
  }

  @Test
  @DisplayName("an e-LfH export uploaded twice to the import endpoint is stored once: the second run stores nothing new")
  void importIsIdempotent() throws Exception {
    Buffer export = Buffer.buffer(Files.readAllBytes(Path.of("../connectors/samples/elfh-completions.csv")));
    JsonObject first = importAndWait(export);
    JsonObject firstCounts = first.getJsonObject("counts");
    assertThat(firstCounts.getInteger("statementsStored")).isPositive();
    assertThat(firstCounts.getInteger("statementsStored")).isEqualTo(firstCounts.getInteger("statementsPosted"));

    JsonObject second = importAndWait(export);
    assertThat(second.getJsonObject("counts").getInteger("statementsStored")).isZero();
    // The sample carries deliberately bad rows: reported, never stored, and they do not stop the import.
    assertThat(firstCounts.getInteger("rowsRejected")).isPositive();

    JsonObject learner = new JsonObject().put("account",
        new JsonObject().put("homePage", "https://www.e-lfh.org.uk").put("name", "L1001"));
    JsonObject statements = http.get(hub.lrsPort(), "localhost", "/xapi/statements")
        .addQueryParam("agent", learner.encode())
        .putHeader("X-Experience-API-Version", "1.0.3")
        .basicAuthentication("e2e", "e2e-secret").send().await().bodyAsJsonObject();
    assertThat(statements.getJsonArray("statements")).isNotEmpty();
    assertThat(statements.encode()).doesNotContain("ann.example@nhs.net");
  }

  private static JsonObject importAndWait(Buffer file) throws InterruptedException {
    HttpResponse<Buffer> accepted = http.post(hub.importsPort(), "localhost", "/imports/elfh")
        .putHeader("Content-Type", "text/csv")
        .basicAuthentication("e2e", "e2e-secret")
        .sendBuffer(file).await();
    assertThat(accepted.statusCode()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject status = http.get(hub.importsPort(), "localhost", "/imports/" + id)
          .basicAuthentication("e2e", "e2e-secret").send().await().bodyAsJsonObject();
      String state = status.getString("status");
      if (state.startsWith("completed")) {
        return status;
      }
      assertThat(state).isNotEqualTo("failed");
      Thread.sleep(100);
    }
    throw new AssertionError("import " + id + " did not finish");
  }

  private static String awaitPersonId(String mbox) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> found = http.get(hub.mapperPort(), "localhost", "/persons")
          .addQueryParam("agent", new JsonObject().put("mbox", mbox).encode())
          .basicAuthentication("e2e", "e2e-secret").send().await();
      if (found.statusCode() == 200) {
        return found.bodyAsJsonObject().getString("personId");
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the mapper never credited " + mbox);
  }

  private static CloudEvent awaitPassportEvent(String personId) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", hub.kafkaBootstrapServers(),
        "group.id", "e2e-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
      consumer.subscribe(List.of(Topics.PASSPORT_UPDATES));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (personId.equals(record.key())) {
            return CloudEvent.fromJson(new JsonObject(record.value()));
          }
        }
      }
      throw new AssertionError("no passport.updates event for " + personId);
    }
  }
}
