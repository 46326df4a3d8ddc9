package org.ahphub.connectors.http;

import static org.ahphub.connectors.testing.VertxHelper.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.delivery.HttpLrsClient;
import org.ahphub.connectors.jobs.NewJob;
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

/**
 * Import jobs kept in PostgreSQL: the organisation's history, the rejects CSV, stored session mappings,
 * configuration checked before 202, interrupted jobs marked at start-up, and an import resumed from its
 * checkpoint by a restarted upload service. Real PostgreSQL (a fresh database per test), a fake LRS.
 */
class ImportJobsIT {

  private static final String TRUST = HttpLrsClient.basic("trust-a", "secret-a");
  /** A second credential of trust-a's organisation. */
  private static final String TRUST_READER = HttpLrsClient.basic("trust-a-reader", "secret-ar");
  private static final String OTHER = HttpLrsClient.basic("trust-b", "secret-b");
  private static final String MINE_ONLY = HttpLrsClient.basic("trust-a-mine", "secret-am");

  private Vertx vertx;
  private FakeLrsVerticle lrs;
  private DatabaseConfig database;
  private Pool pool;
  private String api;
  private String deployment;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    lrs = new FakeLrsVerticle();
    await(vertx.deployVerticle(lrs));
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    database = new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 4);
    await(Databases.migrate(vertx, database, PgImportJobStore.SCHEMA));
    pool = Databases.pool(vertx, database);
    deploy(Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.undeploy(deployment));
    await(vertx.close());
  }

  /** (Re)starts the upload service on the same database, as a new process would. */
  private void deploy(Map<String, String> settings) throws Exception {
    if (deployment != null) {
      await(vertx.undeploy(deployment));
    }
    Map<String, String> env = new HashMap<>(Map.of(
        "CONNECTORS_HTTP_PORT", "0",
        "LRS_URL", lrs.url(),
        "CONNECTORS_MAX_ATTEMPTS", "1",
        "CONNECTORS_BACKOFF", "10",
        "CONNECTORS_BATCH_SIZE", "2",
        "CONNECTORS_CONCURRENCY", "1"));
    env.putAll(settings);
    InMemoryCredentials credentials = new InMemoryCredentials()
        .with("trust-a", "secret-a", "statements/write")
        .withOrganisation("trust-a", "trust-a-reader", "secret-ar", "statements/read")
        .withOrganisation("trust-a", "trust-a-mine", "secret-am", "statements/read/mine")
        .with("trust-b", "secret-b", "all");
    ImportApiVerticle verticle = new ImportApiVerticle(ConnectorsConfig.fromEnv(env), new BasicAuthenticator(vertx,
        credentials, new AuthSettings(5, Duration.ofSeconds(30), 100, 100)), new PgImportJobStore(pool));
    deployment = await(vertx.deployVerticle(verticle));
    api = "http://localhost:" + verticle.actualPort();
  }

  private HttpResponse<String> send(String method, String path, byte[] body, String authorization, String type)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (type != null) {
      request.header("Content-Type", type);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    return send("GET", path, null, authorization, null);
  }

  private String upload(String source, String query, byte[] body) throws Exception {
    HttpResponse<String> accepted = send("POST", "/imports/" + source + query, body, TRUST, "text/csv");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return new JsonObject(accepted.body()).getString("id");
  }

  private JsonObject finished(String id) throws Exception {
    return Eventually.await("import " + id + " to finish", Duration.ofSeconds(30), Duration.ofMillis(50),
        () -> new JsonObject(get("/imports/" + id, TRUST).body()), status -> status.containsKey("finishedAt"));
  }

  private static byte[] sample(String name) throws Exception {
    return Files.readAllBytes(Samples.path(name));
  }

  @Test
  @DisplayName("the organisation's history lists its jobs newest first in pages; a re-upload says 'already imported: no changes' in rows")
  void historyAndReupload() throws Exception {
    String first = upload("elfh", "?filename=march.csv", sample("elfh-completions.csv"));
    JsonObject done = finished(first);
    assertThat(done.getJsonObject("rows")).isEqualTo(new JsonObject().put("read", 13).put("stored", 6)
        .put("alreadyImported", 1).put("rejected", 6));
    assertThat(done.getString("message")).isEqualTo("6 rows stored, 1 already imported, 6 rejected");
    String second = upload("elfh", "?filename=march-again.csv", sample("elfh-completions.csv"));
    JsonObject again = finished(second);
    assertThat(again.getString("status")).isEqualTo("completed");
    assertThat(again.getString("message")).isEqualTo("already imported: no changes");
    assertThat(again.getJsonObject("rows")).isEqualTo(new JsonObject().put("read", 13).put("stored", 0)
        .put("alreadyImported", 13).put("rejected", 0));
    String third = upload("apprenticeship", "", sample("apprenticeship-ilr-2024-04.csv"));
    finished(third);

    JsonObject page = new JsonObject(get("/imports?limit=2", TRUST).body());
    assertThat(page.getJsonArray("imports").stream().map(j -> ((JsonObject) j).getString("id")).toList())
        .containsExactly(third, second);
    assertThat(page.getJsonArray("imports").getJsonObject(1).getString("message")).isEqualTo("already imported: no changes");
    assertThat(page.getJsonArray("imports").getJsonObject(1).containsKey("rejects")).isFalse();
    JsonObject next = new JsonObject(get(page.getString("more"), TRUST).body());
    assertThat(next.getJsonArray("imports").stream().map(j -> ((JsonObject) j).getString("id")).toList())
        .containsExactly(first);
    assertThat(next.containsKey("more")).isFalse();

    // any credential of the organisation that may read statements sees them; others see none of them
    assertThat(new JsonObject(get("/imports", TRUST_READER).body()).getJsonArray("imports")).hasSize(3);
    assertThat(get("/imports/" + first, TRUST_READER).statusCode()).isEqualTo(200);
    assertThat(new JsonObject(get("/imports", OTHER).body()).getJsonArray("imports")).isEmpty();
    HttpResponse<String> foreign = get("/imports/" + first, OTHER);
    HttpResponse<String> unknown = get("/imports/" + UUID.randomUUID(), OTHER);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).isEqualTo(unknown.body());
    assertThat(get("/imports/not-a-uuid", TRUST).body()).isEqualTo(unknown.body());
    assertThat(get("/imports/" + first, MINE_ONLY).body()).isEqualTo(unknown.body());
    assertThat(get("/imports", MINE_ONLY).statusCode()).isEqualTo(403);
    assertThat(get("/imports", null).statusCode()).isEqualTo(401);
    assertThat(get("/imports?limit=0", TRUST).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("the rejects CSV lists every rejected row, formula cells neutralised; another organisation gets the unknown id's 404")
  void rejectsCsv() throws Exception {
    String name = URLEncoder.encode("=HYPERLINK(\"https://evil.example\")", StandardCharsets.UTF_8);
    String id = upload("elfh", "?filename=" + name, sample("elfh-completions.csv"));
    finished(id);
    HttpResponse<String> csv = get("/imports/" + id + "/rejects.csv", TRUST);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0)).isEqualTo("\uFEFFfile,line,column,field,reason");
    assertThat(lines).hasSize(7);
    assertThat(lines.get(2)).isEqualTo("\"'=HYPERLINK(\"\"https://evil.example\"\")\",10,3,courseId,course id is missing");
    assertThat(lines.subList(1, 7)).allSatisfy(line -> assertThat(line).startsWith("\"'="));
    assertThat(csv.body()).doesNotContain("@");

    HttpResponse<String> foreign = get("/imports/" + id + "/rejects.csv", OTHER);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).isEqualTo(get("/imports/" + UUID.randomUUID() + "/rejects.csv", OTHER).body());
    assertThat(get("/imports/" + id + "/rejects.csv", null).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("retention: a job finished longer ago than CONNECTORS_RETAIN_IMPORTS goes with its rejects; a recent one stays")
  void retentionDeletesOldJobsWithTheirRejects() throws Exception {
    String old = upload("elfh", "?filename=old.csv", sample("elfh-completions.csv"));
    finished(old);
    String recent = upload("elfh", "?filename=recent.csv&format=csv", sample("elfh-completions.csv"));
    finished(recent);
    await(pool.preparedQuery("UPDATE connectors.import_job SET finished_at = now() - interval '100 days' WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(old))));
    PgImportJobStore store = new PgImportJobStore(pool);

    assertThat(await(store.deleteFinishedBefore(java.time.Instant.now().minus(Duration.ofDays(90)), 1_000)))
        .isEqualTo(1);

    assertThat(get("/imports/" + old, TRUST).statusCode()).isEqualTo(404);
    assertThat(get("/imports/" + recent, TRUST).statusCode()).isEqualTo(200);
    long rejectsLeft = await(pool.preparedQuery("SELECT count(*) FROM connectors.import_reject WHERE job_id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(old)))).iterator().next().getLong(0);
    assertThat(rejectsLeft).isZero();
    assertThat(await(store.deleteFinishedBefore(java.time.Instant.now().minus(Duration.ofDays(90)), 1_000)))
        .as("nothing more is past its retention").isZero();
  }

  @Test
  @DisplayName("the rejects CSV holds every reject, however many (the job lists the first 1000)")
  void manyRejects() throws Exception {
    StringBuilder file = new StringBuilder("Learner ID,Email,Course ID,Course Title,Completion Date,Score,Pass/Fail,Certificate ID\n");
    for (int i = 1; i <= 2500; i++) {
      file.append("L").append(i).append(",,,Fire Safety - Level 1,14/03/2024,,,\n");
    }
    JsonObject done = finished(upload("elfh", "?filename=bad.csv", file.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(done.getJsonObject("rows").getLong("rejected")).isEqualTo(2500);
    assertThat(done.getJsonArray("rejects")).hasSize(1000);
    assertThat(done.getLong("rejectsNotListed")).isEqualTo(1500);
    List<String> lines = get(done.getString("rejectsUrl"), TRUST).body().lines().toList();
    assertThat(lines).hasSize(2501);
    assertThat(lines.get(2500)).isEqualTo("bad.csv,2501,3,courseId,course id is missing");
  }

  @Test
  @DisplayName("local training: without a mapping 422 before the body; a bad mapping 422 listing every problem; a stored one imports")
  void localWithStoredMapping() throws Exception {
    HttpResponse<String> noMapping = send("POST", "/imports/local", sample("local-training.csv"), TRUST, "text/csv");
    assertThat(noMapping.statusCode()).isEqualTo(422);
    assertThat(noMapping.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/problem+json"));
    assertThat(new JsonObject(noMapping.body()).getString("type")).isEqualTo("https://ahp-hub.org/problems/no-mapping");
    assertThat(new JsonObject(noMapping.body()).getString("detail")).contains("PUT /imports/mappings/local");
    assertThat(get("/imports/mappings/local", TRUST).statusCode()).isEqualTo(404);

    byte[] bad = ("session_code,activity_iri,competencies\n"
        + "DYS-01,not-an-iri,\n"
        + "IPC-HH-01,https://learning.example-trust.nhs.uk/x,https://example.org/not-a-competency\n").getBytes();
    HttpResponse<String> refused = send("PUT", "/imports/mappings/local?filename=sessions.csv", bad, TRUST, "text/csv");
    assertThat(refused.statusCode()).isEqualTo(422);
    JsonObject problems = new JsonObject(refused.body());
    assertThat(problems.getString("type")).isEqualTo("https://ahp-hub.org/problems/bad-mapping");
    assertThat(problems.getJsonArray("problems")).hasSize(2);
    assertThat(problems.getJsonArray("problems").getString(0)).isEqualTo(
        "sessions.csv line 2: activity 'not-an-iri' is not an absolute http(s) IRI");

    HttpResponse<String> stored = send("PUT", "/imports/mappings/local?filename=sessions.csv",
        sample("local-mapping.csv"), TRUST, "text/csv");
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    assertThat(new JsonObject(stored.body()).getInteger("sessions")).isEqualTo(3);
    assertThat(send("PUT", "/imports/mappings/local", sample("local-mapping.csv"), TRUST_READER, "text/csv")
        .statusCode()).isEqualTo(403);
    assertThat(get("/imports/mappings/local", TRUST).body()).isEqualTo(Files.readString(Samples.path("local-mapping.csv")));
    assertThat(get("/imports/mappings/local", OTHER).statusCode()).isEqualTo(404);

    JsonObject done = finished(upload("local", "", sample("local-training.csv")));
    assertThat(done.getString("status")).isEqualTo("completed_with_rejects");
    assertThat(done.getJsonObject("rows").getLong("stored")).isEqualTo(4);
    // the learners' homePage is the organisation's own when neither the request nor the configuration names one
    assertThat(lrs.stored().values()).hasSize(4).allSatisfy(s -> assertThat(s.getJsonObject("actor")
        .getJsonObject("account").getString("homePage")).isEqualTo("https://trust-a.example.nhs.uk"));
    // another organisation has no mapping of its own
    assertThat(send("POST", "/imports/local", sample("local-training.csv"), OTHER, "text/csv").statusCode())
        .isEqualTo(422);
  }

  @Test
  @DisplayName("a configuration problem (a bad course table) is a 422 naming it, before the body is read; nothing is queued")
  void configurationCheckedBefore202() throws Exception {
    Path table = Files.createTempFile("courses-", ".csv");
    try {
      Files.writeString(table, "course_id,scheme,subject\nX1,cstf,no-such-subject\n");
      deploy(Map.of("CONNECTORS_ELFH_COURSE_MAPPING", table.toString()));
      HttpResponse<String> refused = send("POST", "/imports/elfh", sample("elfh-completions.csv"), TRUST, "text/csv");
      assertThat(refused.statusCode()).isEqualTo(422);
      assertThat(new JsonObject(refused.body()).getJsonArray("problems").getString(0))
          .contains("'no-such-subject' is not a Core Skills Training Framework subject code");
      assertThat(new JsonObject(get("/imports", TRUST).body()).getJsonArray("imports")).isEmpty();
      assertThat(lrs.requests()).isEmpty();
    } finally {
      Files.deleteIfExists(table);
    }
  }

  @Test
  @DisplayName("a job left unfinished by a stopped process is marked failed with the reason when an upload service starts")
  void interruptedJobsFailedAtStartUp() throws Exception {
    PgImportJobStore store = new PgImportJobStore(pool);
    UUID organisation = UUID.nameUUIDFromBytes("trust-a".getBytes());
    UUID job = UUID.randomUUID();
    await(store.create(new NewJob(job, organisation, "trust-a", "elfh", "stopped.csv", "f".repeat(64), 10,
        Instant.now().minusSeconds(600)), UUID.randomUUID()));
    await(store.started(job, Instant.now().minusSeconds(590)));
    // its process stopped ten minutes ago: no heartbeat since
    await(pool.preparedQuery("UPDATE connectors.import_job SET heartbeat_at = now() - interval '10 minutes'"
        + " WHERE id = $1").execute(Tuple.of(job)));
    UUID fresh = UUID.randomUUID();
    await(store.create(new NewJob(fresh, organisation, "trust-a", "elfh", "other-process.csv", "e".repeat(64), 10,
        Instant.now()), UUID.randomUUID()));

    deploy(Map.of());
    JsonObject status = new JsonObject(get("/imports/" + job, TRUST).body());
    assertThat(status.getString("status")).isEqualTo("failed");
    assertThat(status.getString("error")).startsWith("interrupted: the upload service stopped before the import finished")
        .contains("upload the same file again");
    assertThat(status.getInteger("exitCode")).isEqualTo(1);
    // a job another live process holds (its heartbeat is fresh) is left alone
    assertThat(new JsonObject(get("/imports/" + fresh, TRUST).body()).getString("status")).isEqualTo("queued");
  }

  @Test
  @DisplayName("an import stopped mid-way resumes from its checkpoint in PostgreSQL when a restarted service gets the file again")
  void resumesAfterRestart() throws Exception {
    // two rows per batch: the LRS takes two batches, then fails
    lrs.failAfter(2, 503, "{\"error\":\"unavailable\",\"message\":\"down for maintenance\"}");
    String id = upload("elfh", "?filename=march.csv", sample("elfh-completions.csv"));
    JsonObject failed = finished(id);
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("error")).contains("503");
    int storedBefore = lrs.stored().size();
    assertThat(storedBefore).isPositive();
    long checkpoint = await(pool.query("SELECT record FROM connectors.import_checkpoint").execute()).iterator().next()
        .getLong(0);
    assertThat(checkpoint).isPositive();

    lrs.recover();
    deploy(Map.of());
    JsonObject resumed = finished(upload("elfh", "?filename=march-retry.csv", sample("elfh-completions.csv")));
    assertThat(resumed.getString("status")).as(resumed.encode()).isEqualTo("completed_with_rejects");
    assertThat(resumed.getLong("resumedAfterRecord")).isEqualTo(checkpoint);
    assertThat(resumed.getJsonObject("counts").getLong("rowsSkipped")).isEqualTo(checkpoint);
    assertThat(resumed.getJsonObject("rows").getLong("read")).isEqualTo(13);
    assertThat(lrs.stored()).hasSize(10);
    // only the rows after the checkpoint were posted again
    assertThat(lrs.requests().stream().skip(3).mapToInt(r -> r.body().size()).sum())
        .isEqualTo(10 + 2 - storedBefore);
  }
}
