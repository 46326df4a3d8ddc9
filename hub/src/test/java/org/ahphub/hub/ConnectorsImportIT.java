package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.ahphub.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each connector's sample file imported twice into the running hub through the upload endpoint:
 * the statements are stored once, and the mapper credits the competencies the records evidence.
 */
class ConnectorsImportIT {

  private static final Path SAMPLES = Path.of("../connectors/samples");
  private static final String TRUST = "https://staff.example-trust.nhs.uk";
  private static RunningHub hub;
  private static WebClient http;

  @BeforeAll
  static void start() {
    hub = RunningHub.start("hub-connectors-", Map.of(
        "HUB_DEV_CREDENTIAL", "importer:importer-secret",
        "CONNECTORS_LOCAL_MAPPING", SAMPLES.resolve("local-mapping.csv").toString(),
        "CONNECTORS_LOCAL_HOME_PAGE", TRUST));
    http = hub.http();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @DisplayName("e-LfH: IPC level 2 passed with 85% credits competency 5.6 under the statutory-training rule, valid one year")
  void elfh() throws Exception {
    importTwice("elfh", "elfh-completions.csv");
    JsonObject stage = awaitHeld(account("https://www.e-lfh.org.uk", "L1001"), "5.6", "entry");
    JsonObject evidence = stage.getJsonArray("evidence").getJsonObject(0);
    assertThat(evidence.getJsonObject("rule").getString("id")).isEqualTo("statutory-mandatory-training");
    // Completed 14/03/2024 09:30 (UK time); level 2 renews every year.
    assertThat(evidence.getString("validUntil")).isEqualTo("2025-03-14T09:30:00Z");
  }

  @Test
  @DisplayName("apprenticeship: an achieved Senior Healthcare Support Worker standard (ST0217) credits 1.1 at the intermediate stage")
  void apprenticeship() throws Exception {
    importTwice("apprenticeship", "apprenticeship-ilr-2024-04.csv");
    JsonObject stage = awaitHeld(account("https://www.gov.uk/uln", "2345678901"), "1.1", "intermediate");
    assertThat(stage.getJsonArray("evidence").getJsonObject(0).getJsonObject("rule").getString("id"))
        .isEqualTo("apprenticeship-standard");
  }

  @Test
  @DisplayName("local training: hand hygiene assessed competent credits 5.6 at entry as assessed practice; a session"
      + " attended and a competence not yet shown credit nothing and are listed, as learning and as assessed practice")
  void localTraining() throws Exception {
    importTwice("local", "local-training.csv");
    JsonObject evidence = awaitHeld(account(TRUST, "100234"), "5.6", "entry").getJsonArray("evidence").getJsonObject(0);
    assertThat(evidence.getString("kind")).isEqualTo("assessed-practice");
    assertThat(evidence.getString("outcome")).isEqualTo("Competent");
    assertThat(evidence.getJsonObject("assessor")).isEqualTo(new JsonObject().put("role", "Assessor"));

    JsonObject attendee = awaitPassport(account(TRUST, "100234"), p -> !p.getJsonArray("learning").isEmpty());
    JsonObject attended = attendee.getJsonArray("learning").getJsonObject(0);
    assertThat(attended.getString("title")).isEqualTo("Dysphagia awareness");
    assertThat(attended.getString("kind")).isEqualTo("learning");
    assertThat(attended.getString("outcome")).isEqualTo("Attended");
    assertThat(attendee.getJsonArray("learning")).as("what credits is evidence, not listed again").hasSize(1);

    JsonObject assessed = awaitPassport(account(TRUST, "100567"), p -> !p.getJsonArray("learning").isEmpty());
    assertThat(assessed.getJsonArray("competencies")).as("not yet competent credits nothing").isEmpty();
    JsonObject notYet = assessed.getJsonArray("learning").getJsonObject(0);
    assertThat(notYet.getString("title")).isEqualTo("Hoist transfers - assessment in practice");
    assertThat(notYet.getString("kind")).isEqualTo("assessed-practice");
    assertThat(notYet.getString("outcome")).isEqualTo("Not yet competent");
    assertThat(attendee.encode() + assessed.encode()).as("the assessor is named by role, never by staff number")
        .doesNotContain("200145");
  }

  private static JsonObject account(String homePage, String name) {
    return new JsonObject().put("account", new JsonObject().put("homePage", homePage).put("name", name));
  }

  /** Uploads a sample twice: the first run stores statements, the second stores nothing new. */
  private static void importTwice(String source, String file) throws Exception {
    Buffer body = Buffer.buffer(Files.readAllBytes(SAMPLES.resolve(file)));
    JsonObject first = importAndWait(source, file, body).getJsonObject("counts");
    assertThat(first.getInteger("statementsStored")).isPositive();
    JsonObject second = importAndWait(source, file, body).getJsonObject("counts");
    assertThat(second.getInteger("statementsStored")).isZero();
  }

  private static JsonObject importAndWait(String source, String file, Buffer body) throws InterruptedException {
    HttpResponse<Buffer> accepted = http.post(hub.importsPort(), "localhost", "/imports/" + source)
        .addQueryParam("filename", file)
        .putHeader("Content-Type", "text/csv")
        .basicAuthentication("importer", "importer-secret")
        .sendBuffer(body).await();
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    return Eventually.await("the import of " + file + " to finish", Duration.ofSeconds(60), () -> {
      JsonObject status = http.get(hub.importsPort(), "localhost", "/imports/" + id)
          .basicAuthentication("importer", "importer-secret").send().await().bodyAsJsonObject();
      assertThat(status.getString("status")).as(status.encode()).isNotEqualTo("failed");
      return status;
    }, status -> status.getString("status").startsWith("completed"));
  }

  /** Waits until the learner's passport holds the competency at the stage; returns that stage entry. */
  private static JsonObject awaitHeld(JsonObject agent, String competency, String stage) throws InterruptedException {
    return held(awaitPassport(agent, p -> held(p, competency, stage) != null), competency, stage);
  }

  /** Waits until the learner has a passport that passes {@code until}, read as the importing organisation. */
  private static JsonObject awaitPassport(JsonObject agent, Predicate<JsonObject> until) throws InterruptedException {
    return Eventually.await("a passport for " + agent.encode(), Eventually.DEFAULT_TIMEOUT, Duration.ofMillis(200),
        () -> {
          HttpResponse<Buffer> person = http.get(hub.mapperPort(), "localhost", "/persons")
              .addQueryParam("agent", agent.encode())
              .basicAuthentication("importer", "importer-secret").send().await();
          return person.statusCode() != 200 ? null
              : http.get(hub.mapperPort(), "localhost", "/passports/" + person.bodyAsJsonObject().getString("personId"))
                  .basicAuthentication("importer", "importer-secret").send().await().bodyAsJsonObject();
        }, p -> p != null && until.test(p));
  }

  /** The stage entry of the competency in the passport if it has evidence, or null. */
  private static JsonObject held(JsonObject passport, String competency, String stage) {
    for (Object c : passport.getJsonArray("competencies")) {
      JsonObject entry = (JsonObject) c;
      if (entry.getString("number").equals(competency)) {
        for (Object s : entry.getJsonArray("stages")) {
          JsonObject held = (JsonObject) s;
          if (held.getString("stage").equals(stage) && !held.getJsonArray("evidence").isEmpty()) {
            return held;
          }
        }
      }
    }
    return null;
  }
}
