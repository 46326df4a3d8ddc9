package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The import history as a trust's learning lead uses it, on the running hub (its PostgreSQL, its LRS): an
 * e-LfH upload and its re-upload, a local import with the trust's stored session mapping, the history newest
 * first, the rejects CSV with formula cells neutralised, and another organisation finding none of it.
 */
class ImportHistoryIT {

  private static final Path SAMPLES = Path.of("../connectors/samples");
  private static final String OPERATOR = "history-operator";
  private static final String OPERATOR_SECRET = "history-operator-secret";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static RunningHub hub;
  private static WebClient http;
  private static String[] trust;
  private static String[] other;

  @BeforeAll
  static void start() {
    hub = RunningHub.start("hub-import-history-", Map.of(
        "HUB_DEV_CREDENTIAL", OPERATOR + ":" + OPERATOR_SECRET,
        "HUB_DEV_MODE", "true"));
    http = hub.http();
    trust = organisation("history-trust");
    other = organisation("history-other");
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  /** A new organisation and a credential that may write and read statements: {key, secret, homePage}. */
  private static String[] organisation(String name) {
    String homePage = "https://" + name + "-" + RUN + ".example.nhs.uk";
    JsonObject created = http.post(hub.mapperPort(), "localhost", "/admin/organisations")
        .basicAuthentication(OPERATOR, OPERATOR_SECRET)
        .sendJsonObject(new JsonObject().put("name", name + " " + RUN).put("homePage", homePage)).await()
        .bodyAsJsonObject();
    JsonObject credential = http.post(hub.mapperPort(), "localhost",
            "/admin/organisations/" + created.getString("id") + "/credentials")
        .basicAuthentication(OPERATOR, OPERATOR_SECRET)
        .sendJsonObject(new JsonObject().put("scopes", new JsonArray().add("statements/write").add("statements/read")))
        .await().bodyAsJsonObject();
    return new String[] {credential.getString("key"), credential.getString("secret"), homePage};
  }

  private static HttpRequest<Buffer> as(String[] organisation, io.vertx.core.http.HttpMethod method, String path) {
    return http.request(method, hub.importsPort(), "localhost", path)
        .basicAuthentication(organisation[0], organisation[1]);
  }

  private static HttpResponse<Buffer> get(String[] organisation, String path) {
    return as(organisation, io.vertx.core.http.HttpMethod.GET, path).send().await();
  }

  private static JsonObject importAndWait(String source, String filename, String sample) throws Exception {
    HttpResponse<Buffer> accepted = as(trust, io.vertx.core.http.HttpMethod.POST, "/imports/" + source)
        .addQueryParam("filename", filename)
        .putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(Files.readAllBytes(SAMPLES.resolve(sample)))).await();
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    return Eventually.await("the import of " + filename + " to finish", Duration.ofSeconds(60), Duration.ofMillis(100),
        () -> get(trust, "/imports/" + id).bodyAsJsonObject(), status -> status.containsKey("finishedAt"));
  }

  @Test
  @DisplayName("upload, re-upload ('already imported: no changes'), a local import with its mapping, the history and the rejects CSV")
  void importHistory() throws Exception {
    JsonObject first = importAndWait("elfh", "=HYPERLINK(\"https://evil.example\").csv", "elfh-completions.csv");
    assertThat(first.getString("status")).as(first.encode()).isEqualTo("completed_with_rejects");
    assertThat(first.getJsonObject("rows")).isEqualTo(new JsonObject().put("read", 13).put("stored", 6)
        .put("alreadyImported", 1).put("rejected", 6));

    JsonObject again = importAndWait("elfh", "elfh-completions.csv", "elfh-completions.csv");
    assertThat(again.getString("status")).isEqualTo("completed");
    assertThat(again.getString("message")).isEqualTo("already imported: no changes");
    assertThat(again.getJsonObject("rows")).isEqualTo(new JsonObject().put("read", 13).put("stored", 0)
        .put("alreadyImported", 13).put("rejected", 0));

    HttpResponse<Buffer> mapping = as(trust, io.vertx.core.http.HttpMethod.PUT, "/imports/mappings/local")
        .addQueryParam("filename", "local-mapping.csv")
        .putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(Files.readAllBytes(SAMPLES.resolve("local-mapping.csv")))).await();
    assertThat(mapping.statusCode()).as(mapping.bodyAsString()).isEqualTo(200);
    assertThat(mapping.bodyAsJsonObject().getInteger("sessions")).isEqualTo(3);
    JsonObject local = importAndWait("local", "local-training.csv", "local-training.csv");
    assertThat(local.getString("status")).as(local.encode()).isEqualTo("completed_with_rejects");
    assertThat(local.getJsonObject("rows")).isEqualTo(new JsonObject().put("read", 6).put("stored", 4)
        .put("alreadyImported", 0).put("rejected", 2));

    JsonArray history = get(trust, "/imports").bodyAsJsonObject().getJsonArray("imports");
    assertThat(history.stream().map(j -> ((JsonObject) j).getString("id")).toList())
        .containsExactly(local.getString("id"), again.getString("id"), first.getString("id"));
    assertThat(history.getJsonObject(1).getString("message")).isEqualTo("already imported: no changes");

    HttpResponse<Buffer> csv = get(trust, first.getString("rejectsUrl"));
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    List<String> lines = csv.bodyAsString().lines().toList();
    assertThat(lines.get(0)).isEqualTo("\uFEFFfile,line,column,field,reason");
    assertThat(lines).hasSize(7);
    // the file name is a formula: every row's first cell is neutralised
    assertThat(lines.subList(1, 7)).allSatisfy(line -> assertThat(line).startsWith("\"'=HYPERLINK("));
    assertThat(lines.get(2)).endsWith(",10,3,courseId,course id is missing");
    assertThat(csv.bodyAsString()).doesNotContain("@");

    // another organisation: the same 404 as an unknown id, for the job and its rejects; an empty history
    HttpResponse<Buffer> foreign = get(other, "/imports/" + first.getString("id"));
    HttpResponse<Buffer> unknown = get(other, "/imports/" + UUID.randomUUID());
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.bodyAsString()).isEqualTo(unknown.bodyAsString());
    assertThat(get(other, first.getString("rejectsUrl")).statusCode()).isEqualTo(404);
    assertThat(get(other, "/imports").bodyAsJsonObject().getJsonArray("imports")).isEmpty();
    assertThat(get(other, "/imports/mappings/local").statusCode()).isEqualTo(404);
  }
}
