package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Objects;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.testing.Eventually;
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
  private static RunningHub hub;
  private static WebClient http;

  @BeforeAll
  static void start() {
    hub = RunningHub.start("hub-e2e-", Map.of("HUB_DEV_CREDENTIAL", "e2e:e2e-secret"));
    http = hub.http();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
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

    JsonObject person = Eventually.await("the LRS's Person for " + mbox + " with the linked account",
        () -> http.get(hub.lrsPort(), "localhost", "/xapi/agents")
            .addQueryParam("agent", new JsonObject().put("mbox", mbox).encode())
            .putHeader("X-Experience-API-Version", "2.0.0")
            .basicAuthentication("e2e", "e2e-secret").send().await().bodyAsJsonObject(),
        p -> p.containsKey("account"));
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
    return Eventually.await("import " + id + " to finish", Duration.ofSeconds(60), () -> {
      JsonObject status = http.get(hub.importsPort(), "localhost", "/imports/" + id)
          .basicAuthentication("e2e", "e2e-secret").send().await().bodyAsJsonObject();
      assertThat(status.getString("status")).isNotEqualTo("failed");
      return status;
    }, status -> status.getString("status").startsWith("completed"));
  }

  private static String awaitPersonId(String mbox) throws InterruptedException {
    return Eventually.await("the mapper to credit " + mbox + " (its person id)", () -> {
      HttpResponse<Buffer> found = http.get(hub.mapperPort(), "localhost", "/persons")
          .addQueryParam("agent", new JsonObject().put("mbox", mbox).encode())
          .basicAuthentication("e2e", "e2e-secret").send().await();
      return found.statusCode() == 200 ? found.bodyAsJsonObject().getString("personId") : null;
    }, Objects::nonNull);
  }

  private static CloudEvent awaitPassportEvent(String personId) throws InterruptedException {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", hub.kafkaBootstrapServers(),
        "group.id", "e2e-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
      consumer.subscribe(List.of(Topics.PASSPORT_UPDATES));
      // the poll waits by itself: no pause between probes
      return Eventually.await("a passport.updates event for " + personId, Eventually.DEFAULT_TIMEOUT, Duration.ZERO,
          () -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
              if (personId.equals(record.key())) {
                return CloudEvent.fromJson(new JsonObject(record.value()));
              }
            }
            return null;
          }, Objects::nonNull);
    }
  }
}
