package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ahphub.lrs.it.TestLrs.statement;
import static org.ahphub.lrs.it.TestLrs.uniqueMbox;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.ahphub.platform.identity.PgCredentialStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Hostile or broken input is answered at once with a 4xx xAPI error, never a 503, a stack trace or a hang:
 * unstorable characters anywhere, JSON nested too deep, invalid UTF-8, multipart bodies sent without the
 * scope to write; and the responses themselves neither reflect any origin with credentials nor let a
 * browser sniff a document's type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Robust input: bad bytes are a 400 in one place, deep JSON is refused, nothing hangs")
class RobustInputIT {

  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
  private static final String AGENT = enc(new JsonObject().put("mbox", "mailto:robust@example.org").encode());

  private TestLrs lrs;
  private final ListAppender<ILoggingEvent> errors = new ListAppender<>();

  @BeforeAll
  void start() {
    lrs = TestLrs.start();
    TestLrs.await(new PgCredentialStore(lrs.vertx(), lrs.server().pool())
        .ensure("Reading Trust", "https://reading.example.org", "reader-only", "reader-secret",
            Set.of("statements/read")));
    errors.start();
    ((Logger) LoggerFactory.getLogger("org.ahphub.lrs")).addAppender(errors);
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger("org.ahphub.lrs")).detachAppender(errors);
    if (lrs != null) {
      lrs.close();
    }
  }

  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {
      "/xapi/activities/state?activityId=http://example.org/a&agent=" + "AGENT" + "&stateId=a%00b",
      "/xapi/activities/state?activityId=http://example.org/a%00&agent=" + "AGENT",
      "/xapi/activities/profile?activityId=http://example.org/a&profileId=p%00",
      "/xapi/agents/profile?agent=" + "AGENT" + "&profileId=p%00",
      "/xapi/activities?activityId=http://example.org/a%00",
      "/xapi/statements?verb=http://example.org/v%00",
      "/xapi/statements?activity=http://example.org/a%00",
      "/xapi/statements?registration=%00",
      "/xapi/statements?since=2026-01-01T00:00:00Z%00",
      "/xapi/statements?agent=%7B%22mbox%22%3A%22mailto%3Aa%5Cu0000%40example.org%22%7D",
      "/xapi/statements?agent=%7B%22mbox%22%3A%22mailto%3Aa%5Cud800%40example.org%22%7D",
      "/xapi/activities/state?activityId=http://example.org/a&stateId=s"
          + "&agent=%7B%22mbox%22%3A%22mailto%3Aa%5Cu0000%40example.org%22%7D",
      "/xapi/statements?verb=http://example.org/v%zz",
      "/xapi/statements?verb=http://example.org/v%FF%FE"})
  @DisplayName("U+0000 or an unpaired surrogate in any query parameter is a 400 with an xAPI error body")
  void unstorableParameters(String uri) {
    HttpResponse<Buffer> response = lrs.get(uri.replace("AGENT", AGENT));

    assertError(response, 400);
    assertThat(response.bodyAsString()).doesNotContain("Exception");
  }

  @Test
  @DisplayName("an unpaired surrogate in a statement is a 400 statement.storable naming its path")
  void unpairedSurrogateInBody() {
    String body = "{\"actor\":{\"mbox\":\"" + uniqueMbox() + "\"},\"verb\":{\"id\":\"" + COMPLETED + "\"},"
        + "\"object\":{\"id\":\"http://example.org/s\"},\"result\":{\"response\":\"a\\ud800b\"}}";

    JsonObject error = assertError(post("/xapi/statements", body.getBytes(StandardCharsets.UTF_8)), 400);

    assertThat(error.getJsonArray("violations").getJsonObject(0).getString("rule")).isEqualTo("statement.storable");
    assertThat(error.getJsonArray("violations").getJsonObject(0).getString("path")).isEqualTo("$.result.response");
  }

  @Test
  @DisplayName("a body that is not UTF-8 is a 400, logged without a stack trace")
  void invalidUtf8() {
    byte[] prefix = ("{\"actor\":{\"mbox\":\"" + uniqueMbox() + "\"},\"verb\":{\"id\":\"" + COMPLETED
        + "\"},\"object\":{\"id\":\"http://example.org/").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 4];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xC3;
    body[prefix.length + 1] = (byte) 0x28;
    body[prefix.length + 2] = '"';
    body[prefix.length + 3] = '}';
    int logged = errors.list.size();

    HttpResponse<Buffer> statements = post("/xapi/statements", body);
    HttpResponse<Buffer> state = TestLrs.await(lrs.request(HttpMethod.POST,
            "/xapi/activities/state?activityId=http://example.org/a&agent=" + AGENT + "&stateId=utf8")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new byte[] {'{', '"', (byte) 0xFF, '"',
            ':', '1', '}'})));

    assertError(statements, 400);
    assertError(state, 400);
    assertThat(errors.list.subList(logged, errors.list.size())).noneMatch(e -> e.getThrowableProxy() != null);
  }

  @Test
  @DisplayName("a statement nested 1,000 deep (within the JSON parser's own limit) is a 400 statement.depth, and nothing is stored")
  void deepStatementRefused() {
    String mbox = uniqueMbox();
    String statement = statement(mbox, COMPLETED, "http://example.org/deep").encode();
    String deep = statement.substring(0, statement.length() - 1)
        + ",\"result\":{\"extensions\":{\"http://example.org/x\":" + nested(990) + "}}}";

    JsonObject error = assertError(post("/xapi/statements", deep.getBytes(StandardCharsets.UTF_8)), 400);

    assertThat(error.getJsonArray("violations").getJsonObject(0).getString("rule")).isEqualTo("statement.depth");
    assertThat(lrs.get("/xapi/statements?agent=" + enc(new JsonObject().put("mbox", mbox).encode()))
        .bodyAsJsonObject().getJsonArray("statements")).isEmpty();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("a statement stored that deep before the limit does not hang list reads in any format")
  void deepStatementAlreadyStoredDoesNotHangReads() {
    String mbox = uniqueMbox();
    String id = lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/was-deep"))
        .bodyAsJsonArray().getString(0);
    String stored = lrs.get("/xapi/statements?statementId=" + id).bodyAsString();
    String deep = stored.substring(0, stored.lastIndexOf('}'))
        + ",\"result\":{\"extensions\":{\"http://example.org/x\":" + nested(1_000) + "}}}";
    TestLrs.await(lrs.server().pool().preparedQuery("UPDATE lrs.statement SET payload = $1::text::jsonb WHERE id = $2")
        .execute(io.vertx.sqlclient.Tuple.of(deep, java.util.UUID.fromString(id))));
    String agent = "agent=" + enc(new JsonObject().put("mbox", mbox).encode());

    for (String query : List.of("format=ids", "format=canonical", "attachments=true", "format=exact")) {
      HttpResponse<Buffer> response = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/statements?" + agent + "&"
          + query).timeout(20_000).send());
      assertThat(response.statusCode()).as(query + ": " + response.bodyAsString()).isEqualTo(200);
      assertThat(response.bodyAsString()).as(query).contains(id);
    }
  }

  @Test
  @DisplayName("a multipart body from a credential that may not write is a 403 before the body is parsed")
  void scopeCheckedBeforeMultipartParsing() {
    HttpResponse<Buffer> response = TestLrs.await(lrs.request(HttpMethod.POST, "/xapi/statements")
        .putHeader("Authorization", TestLrs.basic("reader-only", "reader-secret"))
        .putHeader("Content-Type", "multipart/mixed; boundary=abc")
        .sendBuffer(Buffer.buffer("no parts here at all")));

    assertError(response, 403);
  }

  @Test
  @DisplayName("CORS: a listed origin is answered with credentials allowed; any other gets * without credentials")
  void corsOnlyTrustsListedOrigins() {
    HttpResponse<Buffer> listed = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/statements?limit=1")
        .putHeader("Origin", "https://content.example.org").send());
    HttpResponse<Buffer> other = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/statements?limit=1")
        .putHeader("Origin", "https://evil.example.net").send());
    HttpResponse<Buffer> preflight = TestLrs.await(io.vertx.ext.web.client.WebClient.create(lrs.vertx())
        .request(HttpMethod.OPTIONS, lrs.server().port(), "127.0.0.1", "/xapi/statements")
        .putHeader("Origin", "https://evil.example.net")
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "authorization,content-type,x-experience-api-version")
        .send());

    assertThat(listed.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://content.example.org");
    assertThat(listed.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(other.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(other.getHeader("Access-Control-Allow-Credentials")).isNull();
    assertThat(preflight.statusCode()).isLessThan(300);
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(preflight.getHeader("Access-Control-Allow-Credentials")).isNull();
    assertThat(preflight.getHeader("Access-Control-Allow-Headers").toLowerCase()).contains("authorization");
  }

  @Test
  @DisplayName("a document stored as text/html is served with X-Content-Type-Options: nosniff, as is every response")
  void noSniff() {
    String uri = "/xapi/activities/state?activityId=http://example.org/a&agent=" + AGENT + "&stateId=page";
    TestLrs.await(lrs.request(HttpMethod.PUT, uri).putHeader("Content-Type", "text/html")
        .sendBuffer(Buffer.buffer("<script>alert(1)</script>")));

    HttpResponse<Buffer> document = lrs.get(uri);

    assertThat(document.getHeader("Content-Type")).startsWith("text/html");
    assertThat(document.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(lrs.get("/xapi/statements?limit=1").getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(lrs.get("/xapi/nothing-here").getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  // ---------------------------------------------------------------- helpers

  /** JSON text of objects nested {@code depth} deep (as text: encoding it as a JsonObject would overflow the stack). */
  private static String nested(int depth) {
    return "{\"n\":".repeat(depth - 1) + "{\"leaf\":true}" + "}".repeat(depth - 1);
  }

  private HttpResponse<Buffer> post(String uri, byte[] body) {
    HttpRequest<Buffer> request = lrs.request(HttpMethod.POST, uri).putHeader("Content-Type", "application/json");
    return TestLrs.await(request.sendBuffer(Buffer.buffer(body)));
  }

  private static JsonObject assertError(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("message")).isNotBlank();
    return body;
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
