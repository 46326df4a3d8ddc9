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
import org.ahphub.connectors.jobs.pg.PgImportJobStore;
import org.ahphub.connectors.testing.FakeLrsVerticle;
import org.ahphub.connectors.testing.InMemoryCredentials;
import org.ahphub.connectors.testing.Samples;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.identity.AuthSettings;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.testing.Eventually;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload endpoint on the real PostgreSQL of the test infrastructure (a fresh database per test), posting to a fake LRS. */
class ImportApiVerticleIT {

  private static final String TRUST = HttpLrsClient.basic("trust-a", "secret-a");
  private static final String OTHER = HttpLrsClient.basic("trust-b", "secret-b");
  private static final String READER = HttpLrsClient.basic("reader", "secret-r");
  private static final String MADE_UP = HttpLrsClient.basic("trust-a", "made-up");
  private static final long MAX_BYTES = 64 * 1024;

  @TempDir
  Path state;

  private Vertx vertx;
  private FakeLrsVerticle lrs;
  private String api;
  private ImportApiVerticle verticle;
  private io.vertx.sqlclient.Pool pool;
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
        "CONNECTORS_LOCAL_HOME_PAGE", "https://www.example-trust.nhs.uk",
        "IMPORT_MAX_BYTES", String.valueOf(MAX_BYTES)));
    InMemoryCredentials credentials = new InMemoryCredentials()
        .with("trust-a", "secret-a", "statements/write")
        .with("trust-b", "secret-b", "all")
        .with("reader", "secret-r", "statements/read");
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    DatabaseConfig database = new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 4);
    await(Databases.migrate(vertx, database, PgImportJobStore.SCHEMA));
    pool = Databases.pool(vertx, database);
    verticle = new ImportApiVerticle(config, new BasicAuthenticator(vertx, credentials,
        new AuthSettings(5, Duration.ofSeconds(30), 100, 100)), new PgImportJobStore(pool));
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
  @DisplayName("an unknown source is 404, an empty body 400, no credentials 401 — each problem details saying where")
  void errors() throws Exception {
    HttpResponse<String> unknown = post("/imports/moodle", "a,b\n".getBytes(), TRUST, "text/csv");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(unknown.body()).getString("type")).isEqualTo("https://ahp-hub.org/problems/unknown-source");
    assertThat(new JsonObject(unknown.body()).getString("path")).isEqualTo("path /imports/{source}");

    HttpResponse<String> empty = post("/imports/elfh", new byte[0], TRUST, "text/csv");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(empty.body())).isEqualTo(new JsonObject().put("type", "about:blank")
        .put("title", "Bad Request").put("status", 400).put("detail", "the request body must be the file to import")
        .put("path", "body"));

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

  @Test
  @DisplayName("a made-up Basic header is refused with 401 before the body is read, and nothing is queued")
  void madeUpCredentialsAreRefusedBeforeTheBody() throws Exception {
    int port = Integer.parseInt(api.substring(api.lastIndexOf(':') + 1));
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      // Announces 10 MB and sends none of it: an endpoint that read the body first would wait for it.
      socket.getOutputStream().write(("POST /imports/elfh HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: " + MADE_UP + "\r\nContent-Type: text/csv\r\nContent-Length: 10000000\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 401").contains("WWW-Authenticate").contains("application/problem+json")
          .contains("\"status\":401").contains("\"path\":\"header Authorization\"");
    }
    HttpResponse<String> madeUp = post("/imports/elfh", Files.readAllBytes(Samples.path("elfh-completions.csv")),
        MADE_UP, "text/csv");
    assertThat(madeUp.statusCode()).isEqualTo(401);
    assertThat(jobsRecorded()).isZero();
    assertThat(lrs.requests()).isEmpty();

    HttpResponse<String> reader = post("/imports/elfh", "a,b\n".getBytes(), READER, "text/csv");
    assertThat(reader.statusCode()).as("a credential that may not write statements").isEqualTo(403);
    assertThat(get("/imports/" + java.util.UUID.randomUUID(), MADE_UP).statusCode()).isEqualTo(401);
    assertThat(jobsRecorded()).isZero();
  }

  @Test
  @DisplayName("failed attempts beyond the limit are answered 429 with Retry-After")
  void tooManyFailuresAre429() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(post("/imports/elfh", "a,b\n".getBytes(), HttpLrsClient.basic("trust-a", "guess-" + i), "text/csv")
          .statusCode()).isEqualTo(401);
    }
    HttpResponse<String> limited = post("/imports/elfh", "a,b\n".getBytes(), HttpLrsClient.basic("x", "y"), "text/csv");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("12");
    assertThat(new JsonObject(limited.body()).getString("title")).isEqualTo("Too Many Requests");
    assertThat(new JsonObject(limited.body()).getInteger("status")).isEqualTo(429);
  }

  @Test
  @DisplayName("a body over IMPORT_MAX_BYTES is refused with 413, announced or streamed, and leaves no file behind")
  void tooLargeIs413() throws Exception {
    java.util.Set<Path> before = uploads();
    byte[] big = new byte[(int) MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    HttpResponse<String> announced = post("/imports/elfh", big, TRUST, "text/csv");
    assertThat(announced.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(announced.body()).getInteger("status")).isEqualTo(413);
    assertThat(new JsonObject(announced.body()).getString("detail")).contains("IMPORT_MAX_BYTES");

    // Chunked: no Content-Length, so the limit is found while streaming.
    HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(URI.create(api + "/imports/elfh"))
        .header("Authorization", TRUST).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(streamed.statusCode()).isEqualTo(413);
    assertThat(jobsRecorded()).isZero();

    HttpResponse<String> fits = post("/imports/elfh?filename=march.csv",
        Files.readAllBytes(Samples.path("elfh-completions.csv")), TRUST, "text/csv");
    awaitFinished(new JsonObject(fits.body()).getString("statusUrl"));
    assertThat(uploads()).as("temporary upload files are deleted").isEqualTo(before);
  }

  @Test
  @DisplayName("a filename with a newline cannot forge a log line")
  void filenameCannotForgeALogLine() throws Exception {
    // the job's lines (queued, started, finished) are the import service's
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.ahphub.connectors.jobs.ImportService.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      String forged = java.net.URLEncoder.encode("march.csv\n12:00:00.000 INFO  import 1 finished: 0 rows",
          java.nio.charset.StandardCharsets.UTF_8);
      HttpResponse<String> accepted = post("/imports/elfh?filename=" + forged,
          Files.readAllBytes(Samples.path("elfh-completions.csv")), TRUST, "text/csv");
      awaitFinished(new JsonObject(accepted.body()).getString("statusUrl"));
    } finally {
      logger.detachAppender(logged);
    }
    assertThat(logged.list).isNotEmpty();
    assertThat(logged.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("\n", "\r"));
    assertThat(logged.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("march.csv\\n12:00"));
  }

  /** How many import jobs the database holds (queued, running or finished). */
  private long jobsRecorded() throws Exception {
    return await(pool.query("SELECT count(*) FROM connectors.import_job").execute()).iterator().next().getLong(0);
  }

  private static java.util.Set<Path> uploads() throws java.io.IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("ahp-import-"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }
}
