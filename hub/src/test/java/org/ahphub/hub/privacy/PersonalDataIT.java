package org.ahphub.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.ahphub.hub.RunningHub;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.mapper.replay.Replay;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.testing.Eventually;
import org.ahphub.xapi.Actors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 17, end to end through the whole hub: a person's data exported, then erased everywhere it lives (the
 * database, every Kafka log segment, the import rejects, the log output), other people untouched, and a replay
 * of the log after the erasure neither bringing the person back nor changing anyone else's passport.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PersonalDataIT {

  private static final String OPERATOR = "pd-operator";
  private static final String OPERATOR_SECRET = "pd-operator-secret";
  private static final String KEY_ENCRYPTION_KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String COMPETENCY =
      "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/5.6";
  private static final String TRUST_HOME = "https://trust-" + RUN + ".example.nhs.uk";

  // the person erased: an e-mail address, a display name and a staff number, each unlike anything else
  private static final String EMAIL = "zq" + RUN + "@erase.example.nhs.uk";
  private static final String NAME = "Zebedee Quillfeather " + RUN;
  private static final String STAFF_NUMBER = "ZQ-" + RUN;
  private static final List<String> TERMS = List.of(EMAIL, NAME, STAFF_NUMBER, Actors.sha1Hex("mailto:" + EMAIL));

  private static final String Q_EMAIL = "q" + RUN + "@keep.example.nhs.uk";
  private static final String R_EMAIL = "r" + RUN + "@keep.example.nhs.uk";

  private static RunningHub hub;
  private static WebClient http;
  private static HttpServer receiver;
  private static Traces.CapturedLog log;
  private static final List<String> WEBHOOKS = new CopyOnWriteArrayList<>();

  private static String trustKey;
  private static String trustSecret;
  private static String p;
  private static String q;
  private static String r;
  private static String pToken;
  private static String rToken;
  private static String pCredentialJwt;
  private static String attachmentSha2;
  private static String instructedStatement;
  private static final Map<String, JsonObject> OTHERS_BEFORE = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    log = new Traces.CapturedLog();
    hub = RunningHub.start("hub-privacy-", Map.of(
        "HUB_DEV_CREDENTIAL", OPERATOR + ":" + OPERATOR_SECRET,
        "HUB_DEV_MODE", "true",
        "HUB_KEY_ENCRYPTION_KEY", KEY_ENCRYPTION_KEY));
    http = hub.http();
    receiver = hub.vertx().createHttpServer()
        .requestHandler(request -> request.body().onSuccess(body -> {
          WEBHOOKS.add(body.toString());
          request.response().setStatusCode(204).end();
        }))
        .listen(0, "127.0.0.1").await();
    seed();
  }

  @AfterAll
  static void stop() {
    if (log != null) {
      log.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private static void seed() throws Exception {
    JsonObject trust = call(HttpMethod.POST, hub.mapperPort(), "/admin/organisations", operator(),
        new JsonObject().put("name", "Erasure Trust " + RUN).put("homePage", TRUST_HOME), 201);
    JsonObject credential = call(HttpMethod.POST, hub.mapperPort(),
        "/admin/organisations/" + trust.getString("id") + "/credentials", operator(),
        new JsonObject().put("scopes", new JsonArray(List.of("passport:read", "passport:subscribe", "person:link",
            "statements/write", "statements/read", "state", "profile"))), 201);
    trustKey = credential.getString("key");
    trustSecret = credential.getString("secret");

    // P's learning: a credit, one with an attachment, and one in a batch with other people's
    postStatement(statement(agentP(), "https://learning.example.nhs.uk/fire-" + RUN, COMPETENCY));
    attachmentSha2 = postWithAttachment(statement(agentP(), "https://learning.example.nhs.uk/cert-" + RUN, null),
        ("Certificate of " + NAME).getBytes(StandardCharsets.UTF_8));
    HttpResponse<Buffer> batch = xapi(HttpMethod.POST, "/xapi/statements", Map.of())
        .sendJson(new JsonArray()
            .add(statement(agentP(), "https://learning.example.nhs.uk/batch-" + RUN, null))
            .add(statement(new JsonObject().put("mbox", "mailto:" + Q_EMAIL), "https://learning.example.nhs.uk/q-" + RUN,
                COMPETENCY))
            .add(statement(new JsonObject().put("mbox", "mailto:" + R_EMAIL), "https://learning.example.nhs.uk/r-" + RUN,
                COMPETENCY)))
        .await();
    assertThat(batch.statusCode()).as(batch.bodyAsString()).isEqualTo(200);
    // Q's statement with P as the instructor: Q's record, which must stay (without P)
    JsonObject instructed = statement(new JsonObject().put("mbox", "mailto:" + Q_EMAIL),
        "https://learning.example.nhs.uk/q-instructed-" + RUN, null);
    instructed.put("context", new JsonObject().put("instructor", agentP()));
    instructedStatement = postStatement(instructed);

    // documents about P
    HttpResponse<Buffer> state = xapi(HttpMethod.PUT, "/xapi/activities/state", Map.of(
        "activityId", "https://learning.example.nhs.uk/fire-" + RUN, "agent", agentP().encode(), "stateId", "bookmark"))
        .sendJsonObject(new JsonObject().put("learner", NAME).put("page", 4)).await();
    assertThat(state.statusCode()).as(state.bodyAsString()).isEqualTo(204);
    HttpResponse<Buffer> profile = xapi(HttpMethod.PUT, "/xapi/agents/profile", Map.of(
        "agent", agentP().encode(), "profileId", "preferences")).putHeader("If-None-Match", "*")
        .sendJsonObject(new JsonObject().put("displayName", NAME)).await();
    assertThat(profile.statusCode()).as(profile.bodyAsString()).isEqualTo(204);

    p = awaitPerson("mailto:" + EMAIL);
    q = awaitPerson("mailto:" + Q_EMAIL);
    r = awaitPerson("mailto:" + R_EMAIL);
    pToken = call(HttpMethod.POST, hub.mapperPort(), "/admin/persons/" + p + "/learner-tokens", operator(),
        new JsonObject(), 201).getString("token");
    rToken = call(HttpMethod.POST, hub.mapperPort(), "/admin/persons/" + r + "/learner-tokens", operator(),
        new JsonObject(), 201).getString("token");

    // the trust employs P (accepted), knows P by a staff number, and subscribes to P's passport updates
    String relationship = call(HttpMethod.POST, hub.mapperPort(), "/relationships", trust(),
        new JsonObject().put("kind", "employment").put("personId", p), 201).getString("id");
    call(HttpMethod.POST, hub.mapperPort(), "/me/relationships/" + relationship + "/accept", bearer(pToken),
        new JsonObject(), 200);
    call(HttpMethod.POST, hub.mapperPort(), "/persons/" + p + "/identifiers", trust(), new JsonObject().put("account",
        new JsonObject().put("homePage", TRUST_HOME).put("name", STAFF_NUMBER)), 200);
    call(HttpMethod.POST, hub.mapperPort(), "/subscriptions", trust(),
        new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hooks"), 201);
    // a statement under the staff number, after the subscription: a webhook about P goes out
    postStatement(statement(new JsonObject().put("name", NAME).put("account",
        new JsonObject().put("homePage", TRUST_HOME).put("name", STAFF_NUMBER)),
        "https://learning.example.nhs.uk/staff-" + RUN, "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/4.1"));
    Eventually.await("a webhook about P at the trust", Duration.ofSeconds(30), Duration.ofMillis(200),
        () -> WEBHOOKS.stream().anyMatch(body -> body.contains(p)), Boolean::booleanValue);

    pCredentialJwt = Eventually.await("a credential for P", () -> call(HttpMethod.GET, hub.mapperPort(),
        "/passports/" + p + "/credentials", operator(), null, 200).getJsonArray("credentials"), a -> !a.isEmpty())
        .getJsonObject(0).getString("jwt");

    // an e-LfH import by the trust with P's row rejected (no completion date a date)
    HttpResponse<Buffer> imported = http.post(hub.importsPort(), "localhost", "/imports/elfh")
        .basicAuthentication(trustKey, trustSecret).putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer("Learner ID,Email,Course ID,Course Title,Completion Date,Score,Pass/Fail,Certificate ID\n"
            + "ELFH-" + STAFF_NUMBER + "," + EMAIL + ",C-1,Fire safety,not a date,80,Pass,CERT-1\n"))
        .await();
    assertThat(imported.statusCode()).as(imported.bodyAsString()).isEqualTo(202);
    String job = imported.bodyAsJsonObject().getString("id");
    Eventually.await("the import to finish", () -> http.get(hub.importsPort(), "localhost", "/imports/" + job)
        .basicAuthentication(trustKey, trustSecret).send().await().bodyAsJsonObject().getString("status"),
        status -> !"running".equals(status) && !"queued".equals(status));
    String rejects = http.get(hub.importsPort(), "localhost", "/imports/" + job + "/rejects.csv")
        .basicAuthentication(trustKey, trustSecret).send().await().bodyAsString();
    assertThat(rejects).as("the rejected row is listed").contains("not a date");
    assertThat(Traces.inText("the import's rejects", rejects, TERMS)).isEmpty();

    for (String other : List.of(q, r)) {
      OTHERS_BEFORE.put(other, passport(other));
    }
  }

  @Test
  @Order(1)
  @DisplayName("the person's export holds everything about them, as JSON files and a readable summary")
  void export() throws IOException {
    Map<String, byte[]> files = unzip(call(HttpMethod.GET, "/persons/" + p + "/export", operator(), 200));
    assertThat(files.keySet()).contains("identifiers.json", "names.json", "passport.json", "evidence.json", "credentials.json",
        "merges.json", "relationships.json", "grants.json", "share-codes.json", "audit.json",
        "webhook-deliveries.json", "statements.json", "documents.json", "summary.html",
        "attachments/" + attachmentSha2);
    JsonArray statements = new JsonArray(text(files, "statements.json"));
    assertThat(statements).hasSize(4); // three under P's address, one under the staff number
    assertThat(text(files, "statements.json")).contains(EMAIL).doesNotContain(Q_EMAIL).doesNotContain(R_EMAIL);
    assertThat(new String(files.get("attachments/" + attachmentSha2), StandardCharsets.UTF_8)).contains(NAME);
    assertThat(new JsonArray(text(files, "documents.json"))).hasSize(2);
    assertThat(text(files, "identifiers.json")).contains(STAFF_NUMBER);
    assertThat(text(files, "names.json")).contains(NAME);
    assertThat(new JsonObject(text(files, "passport.json")).getString("personId")).isEqualTo(p);
    assertThat(new JsonArray(text(files, "evidence.json"))).isNotEmpty();
    assertThat(new JsonArray(text(files, "credentials.json"))).isNotEmpty();
    assertThat(text(files, "relationships.json")).contains("employment").contains("Erasure Trust " + RUN);
    assertThat(new JsonArray(text(files, "webhook-deliveries.json"))).isNotEmpty();
    assertThat(text(files, "summary.html")).contains("<h1>").contains("4 statements").contains("statements.json");

    // the person's own export is the same set of files; nobody else gets P's
    Map<String, byte[]> own = unzip(call(HttpMethod.GET, "/me/export", bearer(pToken), 200));
    assertThat(own.keySet()).isEqualTo(files.keySet());
    assertThat(text(unzip(call(HttpMethod.GET, "/me/export", bearer(rToken), 200)), "statements.json"))
        .doesNotContain(EMAIL);
    assertThat(call(HttpMethod.GET, "/persons/" + p + "/export", trust(), 403).toString()).doesNotContain(EMAIL);
    call(HttpMethod.GET, "/persons/" + UUID.randomUUID() + "/export", operator(), 404);
    call(HttpMethod.GET, "/me/export", null, 401);
  }

  @Test
  @Order(2)
  @DisplayName("a person asks to be erased; the request waits for the operator")
  void personAsks() throws InterruptedException {
    JsonObject asked = new JsonObject(call(HttpMethod.POST, "/me/erasure-request", bearer(rToken), 202).toString());
    assertThat(asked.getString("status")).isEqualTo("requested");
    JsonObject again = new JsonObject(call(HttpMethod.POST, "/me/erasure-request", bearer(rToken), 202).toString());
    assertThat(again.getString("id")).isEqualTo(asked.getString("id"));
    JsonArray requested = call(HttpMethod.GET, hub.mapperPort(), "/erasures?status=requested", operator(), null, 200)
        .getJsonArray("erasures");
    assertThat(requested.stream().map(e -> ((JsonObject) e).getString("personId"))).contains(r);
    call(HttpMethod.GET, "/erasures", trust(), 403);
    call(HttpMethod.GET, "/erasures?status=nonsense", operator(), 400);
    // R stays: the operator has not confirmed
    assertThat(passport(r)).isEqualTo(OTHERS_BEFORE.get(r));
  }

  @Test
  @Order(3)
  @DisplayName("the operator erases the person: nothing of them is left in the database, Kafka, the rejects or the logs")
  void erase() throws Exception {
    // positive controls: the search finds the person before the erasure, and reads real Kafka records
    int postgresPort = hub.hub().postgresPort();
    assertThat(Traces.inDatabase(postgresPort, TERMS)).extracting(Traces.Hit::term).contains(EMAIL, NAME, STAFF_NUMBER);
    java.nio.file.Path kafka = hub.dataDirectory().resolve("kafka");
    assertThat(Traces.kafkaRecords(kafka)).isGreaterThan(10);
    assertThat(Traces.inKafka(kafka, List.of(p))).as("person ids travel in clear; the search reads the records")
        .isNotEmpty();

    call(HttpMethod.POST, "/persons/" + p + "/erase", trust(), 403);
    JsonObject started = new JsonObject(call(HttpMethod.POST, "/persons/" + p + "/erase", operator(),
        new JsonObject().put("reason", "subject request ticket 42"), 202).toString());
    String erasureId = started.getString("id");
    JsonObject erased = Eventually.await("the erasure to finish", () -> call(HttpMethod.GET, hub.mapperPort(),
        "/erasures/" + erasureId, operator(), null, 200), e -> "erased".equals(e.getString("status")));
    assertThat(erased.getJsonArray("partsDone")).containsExactlyInAnyOrder("sharing", "lrs", "passport");
    assertThat(erased.containsKey("personId")).as("the tombstone names no one").isFalse();
    assertThat(erased.getString("reason")).isEqualTo("subject request ticket 42");
    assertThat(erased.getString("erasedBy")).contains(OPERATOR);

    // asking again answers the tombstone; the person is gone from every route
    JsonObject repeated = new JsonObject(call(HttpMethod.POST, "/persons/" + p + "/erase", operator(),
        new JsonObject(), 200).toString());
    assertThat(repeated.getString("id")).isEqualTo(erasureId);
    call(HttpMethod.GET, "/passports/" + p, operator(), 404);
    call(HttpMethod.GET, "/persons/" + p + "/export", operator(), 404);
    call(HttpMethod.GET, "/me/passport", bearer(pToken), 401);
    assertThat(xapi(HttpMethod.GET, "/xapi/statements", Map.of("agent", agentP().encode())).send().await()
        .bodyAsJsonObject().getJsonArray("statements")).isEmpty();
    // Q's statement that named P as instructor is still Q's, without P
    JsonObject kept = xapi(HttpMethod.GET, "/xapi/statements", Map.of("statementId", instructedStatement)).send().await()
        .bodyAsJsonObject();
    assertThat(kept.getJsonObject("actor").getString("mbox")).isEqualTo("mailto:" + Q_EMAIL);
    assertThat(kept.getJsonObject("context").getJsonObject("instructor").getJsonObject("account").getString("homePage"))
        .isEqualTo("https://ahp-hub.invalid/erased");
    // P's credential is revoked (its status bit stays set)
    JsonObject verified = http.post(hub.mapperPort(), "localhost", "/verify")
        .sendJsonObject(new JsonObject().put("credential", pCredentialJwt)).await().bodyAsJsonObject();
    assertThat(verified.encode()).contains("revoked");
    // the trust was told, by a notice that names the person by id only
    String notice = Eventually.await("the erasure notice at the trust", Duration.ofSeconds(30), Duration.ofMillis(200),
        () -> WEBHOOKS.stream().filter(body -> body.contains("org.ahphub.passport.erased")).findFirst().orElse(null),
        Objects::nonNull);
    assertThat(new JsonObject(notice).getString("subject")).isEqualTo(p);
    assertThat(new JsonObject(notice).getString("id")).isEqualTo(erasureId);

    // nothing of P anywhere
    List<Traces.Hit> hits = new ArrayList<>(Traces.inDatabase(postgresPort, TERMS));
    hits.addAll(Traces.inKafka(kafka, TERMS));
    hits.addAll(Traces.inText("the log output (" + log.size() + " lines)", log.text(), TERMS));
    assertThat(hits).as("traces of the erased person").isEmpty();

    // other people untouched
    for (Map.Entry<String, JsonObject> other : OTHERS_BEFORE.entrySet()) {
      assertThat(passport(other.getKey())).isEqualTo(other.getValue());
    }
  }

  @Test
  @Order(4)
  @DisplayName("after the erasure, rebuilding passports from the log gives everyone else's as they are, and not the person's")
  void replayAfterErasure() throws Exception {
    int port = hub.hub().postgresPort();
    String fresh = "replay_" + RUN;
    try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        "postgres", "")) {
      connection.createStatement().execute("CREATE DATABASE " + fresh);
    }
    DatabaseConfig live = new DatabaseConfig("127.0.0.1", port, "postgres", "postgres", "", 4);
    Replay.Report report = Replay.run(hub.vertx(), live, live.withDatabase(fresh),
        KafkaSettings.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", hub.kafkaBootstrapServers()))),
        Clock.systemUTC(), MapperConfig.fromEnv(Map.of()).fireSafetyRenewal(), SecretBox.fromConfig(KEY_ENCRYPTION_KEY));
    System.out.println(report.describe());
    assertThat(report.unreadable()).as("the erased person's statements").isGreaterThanOrEqualTo(4);
    assertThat(report.onlyRebuilt()).as("the replay brings the erased person back").isEmpty();
    assertThat(report.onlyLive()).isEmpty();
    assertThat(report.liveLines()).isPositive();
  }

  @Test
  @Order(5)
  @DisplayName("a person erased who comes back (a new statement) is erased anew, not answered with the old tombstone")
  void comesBack() throws InterruptedException {
    String first = call(HttpMethod.GET, hub.mapperPort(), "/erasures?status=erased", operator(), null, 200)
        .getJsonArray("erasures").getJsonObject(0).getString("id");
    postStatement(statement(agentP(), "https://learning.example.nhs.uk/after-" + RUN, COMPETENCY));
    assertThat(awaitPerson("mailto:" + EMAIL)).as("the same person id, from the identifier").isEqualTo(p);
    JsonObject again = new JsonObject(call(HttpMethod.POST, "/persons/" + p + "/erase", operator(), new JsonObject(),
        202).toString());
    assertThat(again.getString("id")).isNotEqualTo(first);
    Eventually.await("the second erasure", () -> call(HttpMethod.GET, hub.mapperPort(), "/erasures/"
        + again.getString("id"), operator(), null, 200), e -> "erased".equals(e.getString("status")));
    call(HttpMethod.GET, "/passports/" + p, operator(), 404);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static JsonObject agentP() {
    return new JsonObject().put("mbox", "mailto:" + EMAIL).put("name", NAME);
  }

  private static JsonObject statement(JsonObject actor, String activity, String competency) {
    JsonObject statement = new JsonObject().put("actor", actor)
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", activity));
    if (competency != null) {
      statement.put("context", new JsonObject().put("contextActivities", new JsonObject()
          .put("category", new JsonArray().add(new JsonObject().put("id", competency)))));
    }
    return statement;
  }

  private static HttpRequest<Buffer> xapi(HttpMethod method, String path, Map<String, String> query) {
    HttpRequest<Buffer> request = http.request(method, hub.lrsPort(), "localhost", path)
        .putHeader("X-Experience-API-Version", "1.0.3").basicAuthentication(trustKey, trustSecret);
    query.forEach(request::addQueryParam);
    return request;
  }

  private static String postStatement(JsonObject statement) {
    HttpResponse<Buffer> posted = xapi(HttpMethod.POST, "/xapi/statements", Map.of()).sendJson(statement).await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    return posted.bodyAsJsonArray().getString(0);
  }

  /** Posts the statement with {@code content} attached (multipart/mixed); returns the attachment's SHA-256. */
  private static String postWithAttachment(JsonObject statement, byte[] content) throws Exception {
    String sha2 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    statement.put("attachments", new JsonArray().add(new JsonObject()
        .put("usageType", "http://id.tincanapi.com/attachment/certificate-of-completion")
        .put("display", new JsonObject().put("en-GB", "Certificate"))
        .put("contentType", "text/plain").put("length", content.length).put("sha2", sha2)));
    String boundary = "pd-" + RUN;
    Buffer body = Buffer.buffer()
        .appendString("--" + boundary + "\r\nContent-Type: application/json\r\n\r\n" + statement.encode() + "\r\n")
        .appendString("--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n"
            + "X-Experience-API-Hash: " + sha2 + "\r\n\r\n")
        .appendBytes(content).appendString("\r\n--" + boundary + "--\r\n");
    HttpResponse<Buffer> posted = xapi(HttpMethod.POST, "/xapi/statements", Map.of())
        .putHeader("Content-Type", "multipart/mixed; boundary=" + boundary).sendBuffer(body).await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    return sha2;
  }

  private static String awaitPerson(String mbox) throws InterruptedException {
    return Eventually.await("the mapper to know " + mbox, () -> {
      HttpResponse<Buffer> found = http.get(hub.mapperPort(), "localhost", "/persons")
          .addQueryParam("agent", new JsonObject().put("mbox", mbox).encode())
          .basicAuthentication(OPERATOR, OPERATOR_SECRET).send().await();
      return found.statusCode() == 200 ? found.bodyAsJsonObject().getString("personId") : null;
    }, Objects::nonNull);
  }

  private static JsonObject passport(String person) {
    return call(HttpMethod.GET, hub.mapperPort(), "/passports/" + person, operator(), null, 200);
  }

  private static MultiMap operator() {
    return basic(OPERATOR, OPERATOR_SECRET);
  }

  private static MultiMap trust() {
    return basic(trustKey, trustSecret);
  }

  private static MultiMap basic(String key, String secret) {
    return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Basic "
        + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8)));
  }

  private static MultiMap bearer(String token) {
    return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
  }

  /** A mapper call whose body is JSON, checked for its status. */
  private static JsonObject call(HttpMethod method, int port, String path, MultiMap headers, JsonObject body,
      int expected) {
    Buffer answer = send(method, port, path, headers, body, expected);
    return answer.length() == 0 ? new JsonObject() : answer.toJsonObject();
  }

  /** A mapper call, its body as bytes. */
  private static Buffer call(HttpMethod method, String path, MultiMap headers, int expected) {
    return send(method, hub.mapperPort(), path, headers, null, expected);
  }

  private static Buffer call(HttpMethod method, String path, MultiMap headers, JsonObject body, int expected) {
    return send(method, hub.mapperPort(), path, headers, body, expected);
  }

  /** One call, checked for its status; its body as bytes (empty when there is none). */
  private static Buffer send(HttpMethod method, int port, String path, MultiMap headers, JsonObject body,
      int expected) {
    HttpRequest<Buffer> request = http.request(method, port, "localhost", path);
    if (headers != null) {
      request.putHeaders(headers);
    }
    HttpResponse<Buffer> response = (body == null ? request.send() : request.sendJsonObject(body)).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isEqualTo(expected);
    return response.body() == null ? Buffer.buffer() : response.body();
  }

  private static Map<String, byte[]> unzip(Buffer zip) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.getBytes()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  private static String text(Map<String, byte[]> files, String name) {
    assertThat(files).containsKey(name);
    return new String(files.get(name), StandardCharsets.UTF_8);
  }
}
