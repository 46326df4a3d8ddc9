package org.ahphub.connectors.http;

import static org.ahphub.connectors.testing.VertxHelper.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.delivery.HttpLrsClient;
import org.ahphub.connectors.testing.FakeLrsVerticle;
import org.ahphub.connectors.testing.Samples;
import org.ahphub.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportApiVerticleTest {

  private static final String TRUST = HttpLrsClient.basic("trust-a", "secret-a");
  private static final String OTHER = HttpLrsClient.basic("trust-b", "secret-b");

  @TempDir
  Path state;

  private Vertx vertx;
  private FakeLrsVerticle lrs;
  private String api;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    lrs = new FakeLrsVerticle();
    await(vertx.deployVerticle(lrs));
    ConnectorsConfig config = ConnectorsConfig.fromEnv(Map.of(
        "CONNECTORS_HTTP_PORT", "0",
        "LRS_URL", lrs.url(),
        "CONNECTORS_STATE_DIR", state.toString(),
        "CONNECTORS_MAX_ATTEMPTS", "2",
        "CONNECTORS_BACKOFF", "10",
        "CONNECTORS_LOCAL_MAPPING", Samples.path("local-mapping.json").toString(),
        "CONNECTORS_LOCAL_HOME_PAGE", "https://www.example-trust.nhs.uk"));
    ImportApiVerticle verticle = new ImportApiVerticle(config);
    await(vertx.deployVerticle(verticle));
    api = "http://localhost:" + verticle.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private HttpResponse<String> post(String path, byte[] body, String authorization, String contentType)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", authorization).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject awaitFinished(String statusUrl) throws Exception {
    return Eventually.await("the import at " + statusUrl + " to finish", Duration.ofSeconds(20), Duration.ofMillis(50),
        () -> new JsonObject(get(statusUrl, TRUST).body()), status -> status.containsKey("finishedAt"));
  }

  @Test
  @DisplayName("an uploaded e-LfH export is accepted with 202, imported in the background under the caller's credentials")
  void uploadAndStatus() throws Exception {
    HttpResponse<String> accepted = post("/imports/elfh?filename=march.csv",
        Files.readAllBytes(Samples.path("elfh-completions.csv")), TRUST, "text/csv");
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonObject body = new JsonObject(accepted.body());
    assertThat(body.getString("status")).isEqualTo("queued");
    assertThat(body.getString("statusUrl")).isEqualTo("/imports/" + body.getString("id"));
    assertThat(accepted.headers().firstValue("Location")).hasValue(body.getString("statusUrl"));

    JsonObject status = awaitFinished(body.getString("statusUrl"));
    assertThat(status.getString("status")).isEqualTo("completed_with_rejects");
    assertThat(status.getString("input")).isEqualTo("march.csv");
    assertThat(status.getJsonObject("counts").getLong("rowsRead")).isEqualTo(13);
    assertThat(status.getJsonObject("counts").getLong("statementsPosted")).isEqualTo(10);
    assertThat(status.getJsonObject("counts").getLong("rowsRejected")).isEqualTo(6);
    assertThat(status.getInteger("exitCode")).isEqualTo(2);
    JsonArray rejects = status.getJsonArray("rejects");
    assertThat(rejects).hasSize(6);
    assertThat(rejects.getJsonObject(1)).isEqualTo(new JsonObject().put("file", "march.csv").put("line", 10)
        .put("column", 3).put("field", "courseId").put("reason", "course id is missing"));
    assertThat(status.encode()).doesNotContain("@");

    assertThat(lrs.stored()).hasSize(10);
    assertThat(lrs.requests()).allSatisfy(r -> assertThat(r.headers().get("Authorization")).isEqualTo(TRUST));
  }

  @Test
  @DisplayName("a JSON upload is read as JSON; local training uses the configured mapping and a homePage from the query")
  void jsonAndLocal() throws Exception {
    HttpResponse<String> json = post("/imports/elfh", Files.readAllBytes(Samples.path("elfh-completions.json")), TRUST,
        "application/json");
    assertThat(awaitFinished(new JsonObject(json.body()).getString("statusUrl")).getJsonObject("counts")
        .getLong("rowsRead")).isEqualTo(4);

    HttpResponse<String> local = post("/imports/local?homePage=https://esr.example-trust.nhs.uk",
        Files.readAllBytes(Samples.path("local-training.csv")), TRUST, null);
    JsonObject status = awaitFinished(new JsonObject(local.body()).getString("statusUrl"));
    assertThat(status.getJsonObject("counts").getLong("statementsPosted")).isEqualTo(4);
    assertThat(lrs.stored().values()).filteredOn(s -> s.getJsonObject("object").getString("id").contains("example-trust"))
        .allSatisfy(s -> assertThat(s.getJsonObject("actor").getJsonObject("account").getString("homePage"))
            .isEqualTo("https://esr.example-trust.nhs.uk"));
  }

  @Test
  @DisplayName("an LRS refusing the batch fails the job with the LRS's reason")
  void refusedByLrs() throws Exception {
    lrs.then(403, "{\"error\":\"forbidden\",\"message\":\"credentials lack statements/write\"}");
    HttpResponse<String> accepted = post("/imports/apprenticeship",
        Files.readAllBytes(Samples.path("apprenticeship-ilr-2024-04.csv")), TRUST, "text/csv");
    JsonObject status = awaitFinished(new JsonObject(accepted.body()).getString("statusUrl"));
    assertThat(status.getString("status")).isEqualTo("failed");
    assertThat(status.getString("error")).isEqualTo("the LRS refused the batch with 403: credentials lack statements/write");
    assertThat(status.getInteger("exitCode")).isEqualTo(1);
  }

  @Test
  @DisplayName("an unknown source is 404, an empty body 400, no credentials 401 — each a JSON error saying where")
  void errors() throws Exception {
    HttpResponse<String> unknown = post("/imports/moodle", "a,b\n".getBytes(), TRUST, "text/csv");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("error")).isEqualTo("unknown_source");
    assertThat(new JsonObject(unknown.body()).getString("path")).isEqualTo("path /imports/{source}");

    HttpResponse<String> empty = post("/imports/elfh", new byte[0], TRUST, "text/csv");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(empty.body())).isEqualTo(new JsonObject().put("error", "empty_body")
        .put("message", "the request body must be the file to import").put("path", "body"));

    HttpResponse<String> anonymous = post("/imports/elfh", "a,b\n".getBytes(), null, "text/csv");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();

    HttpResponse<String> badFormat = post("/imports/elfh?format=xml", "a,b\n".getBytes(), TRUST, null);
    assertThat(badFormat.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("an import's status is visible only to the credentials that uploaded it")
  void statusIsPrivate() throws Exception {
    HttpResponse<String> accepted = post("/imports/elfh", Files.readAllBytes(Samples.path("elfh-completions.csv")),
        TRUST, "text/csv");
    String statusUrl = new JsonObject(accepted.body()).getString("statusUrl");
    awaitFinished(statusUrl);
    assertThat(get(statusUrl, OTHER).statusCode()).isEqualTo(404);
    assertThat(get("/imports/" + java.util.UUID.randomUUID(), TRUST).statusCode()).isEqualTo(404);
  }
}
