package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ahphub.lrs.it.TestLrs.statement;
import static org.ahphub.lrs.it.TestLrs.uniqueMbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Bad requests get the right 4xx and a JSON body saying what was wrong, never a 500")
class BadRequestsIT {

  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";

  private TestLrs lrs;

  @BeforeAll
  void start() {
    lrs = TestLrs.start();
  }

  @AfterAll
  void stop() {
    if (lrs != null) {
      lrs.close();
    }
  }

  @Test
  @DisplayName("malformed JSON is a 400 body.json")
  void malformedJson() {
    HttpResponse<Buffer> response = send(post().putHeader("Content-Type", "application/json"), "{\"actor\": ");

    JsonObject error = assertError(response, 400);
    assertThat(error.getJsonArray("violations").getJsonObject(0).getString("rule")).isEqualTo("body.json");
  }

  @ParameterizedTest(name = "a statement without {0} is a 400 naming $.{0}")
  @ValueSource(strings = {"actor", "verb", "object"})
  @DisplayName("a statement missing a required property is a 400 naming its path")
  void missingRequiredProperty(String property) {
    JsonObject statement = statement(uniqueMbox(), COMPLETED, "http://example.org/x");
    statement.remove(property);

    JsonObject error = assertError(lrs.postJson("/xapi/statements", statement), 400);

    assertThat(error.getJsonArray("violations").stream().map(v -> ((JsonObject) v).getString("path")))
        .contains("$." + property);
  }

  @Test
  @DisplayName("a batch with one bad statement names its index and stores nothing")
  void badStatementInBatch() {
    String mbox = uniqueMbox();
    JsonObject bad = statement(mbox, COMPLETED, "http://example.org/x");
    bad.getJsonObject("verb").put("id", "not an iri");
    JsonArray batch = new JsonArray().add(statement(mbox, COMPLETED, "http://example.org/ok")).add(bad);

    JsonObject error = assertError(lrs.postJson("/xapi/statements", batch), 400);

    assertThat(error.getJsonArray("violations").getJsonObject(0).getString("path")).startsWith("$[1].verb");
    String agent = java.net.URLEncoder.encode(new JsonObject().put("mbox", mbox).encode(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(lrs.get("/xapi/statements?agent=" + agent).bodyAsJsonObject().getJsonArray("statements")).isEmpty();
  }

  @Test
  @DisplayName("a body that is not a statement (a string, an empty array) is a 400")
  void notAStatement() {
    assertError(lrs.postJson("/xapi/statements", "hello"), 400);
    assertError(lrs.postJson("/xapi/statements", new JsonArray()), 400);
    assertError(lrs.postJson("/xapi/statements", new JsonArray().add(1)), 400);
  }

  @Test
  @DisplayName("wrong or missing credentials are a 401 with a Basic challenge")
  void wrongCredentials() {
    HttpResponse<Buffer> wrong = send(post().putHeader("Content-Type", "application/json")
        .putHeader("Authorization", TestLrs.basic(TestLrs.KEY, "wrong")), statement(uniqueMbox(), COMPLETED,
        "http://example.org/x").encode());
    HttpResponse<Buffer> unknown = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/statements")
        .putHeader("Authorization", TestLrs.basic("nobody", "nothing")).send());
    HttpResponse<Buffer> missing = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/statements")
        .putHeader("Authorization", "Bearer abc").send());

    assertError(wrong, 401);
    assertError(unknown, 401);
    assertError(missing, 401);
    assertThat(wrong.getHeader("WWW-Authenticate")).startsWith("Basic");
  }

  @Test
  @DisplayName("a missing or unsupported X-Experience-API-Version is a 400")
  void versionHeader() {
    HttpRequest<Buffer> missing = lrs.request(HttpMethod.GET, "/xapi/statements");
    missing.headers().remove("X-Experience-API-Version");
    HttpRequest<Buffer> unknown = lrs.request(HttpMethod.GET, "/xapi/statements")
        .putHeader("X-Experience-API-Version", "0.95");

    assertThat(assertError(TestLrs.await(missing.send()), 400).getString("message"))
        .contains("X-Experience-API-Version");
    assertThat(assertError(TestLrs.await(unknown.send()), 400).getString("message")).contains("0.95");
  }

  @Test
  @DisplayName("re-using a statement id for different content is a 409, and the first statement stays")
  void conflictingDuplicateId() {
    String id = UUID.randomUUID().toString();
    JsonObject first = statement(uniqueMbox(), COMPLETED, "http://example.org/first").put("id", id);
    assertThat(lrs.postJson("/xapi/statements", first).statusCode()).isEqualTo(200);

    JsonObject error = assertError(lrs.postJson("/xapi/statements",
        statement(uniqueMbox(), COMPLETED, "http://example.org/second").put("id", id)), 409);

    assertThat(error.getString("message")).contains(id);
    assertThat(lrs.get("/xapi/statements?statementId=" + id).bodyAsJsonObject().getJsonObject("object")
        .getString("id")).isEqualTo("http://example.org/first");
  }

  @Test
  @DisplayName("a body that is not application/json is a 400 naming Content-Type")
  void wrongContentType() {
    HttpResponse<Buffer> response = send(post().putHeader("Content-Type", "text/plain"),
        statement(uniqueMbox(), COMPLETED, "http://example.org/x").encode());

    assertThat(assertError(response, 400).getString("message")).contains("application/json");
  }

  @Test
  @DisplayName("bad query parameters are 400s: unknown parameter, non-UUID statementId, malformed agent")
  void badQueryParameters() {
    assertError(lrs.get("/xapi/statements?colour=blue"), 400);
    assertError(lrs.get("/xapi/statements?statementId=123"), 400);
    assertError(lrs.get("/xapi/statements?agent=%7Bnot"), 400);
    assertError(lrs.get("/xapi/statements?limit=many"), 400);
  }

  @Test
  @DisplayName("an unknown statement id is a 404 with a JSON body")
  void unknownStatement() {
    assertError(lrs.get("/xapi/statements?statementId=" + UUID.randomUUID()), 404);
  }

  @Test
  @DisplayName("PUT without statementId, or with a different id in the body, is a 400")
  void putWithoutId() {
    JsonObject statement = statement(uniqueMbox(), COMPLETED, "http://example.org/x");
    assertError(send(lrs.request(HttpMethod.PUT, "/xapi/statements").putHeader("Content-Type", "application/json"),
        statement.encode()), 400);
    assertError(send(lrs.request(HttpMethod.PUT, "/xapi/statements?statementId=" + UUID.randomUUID())
        .putHeader("Content-Type", "application/json"), statement.copy().put("id", UUID.randomUUID().toString())
        .encode()), 400);
  }

  private HttpRequest<Buffer> post() {
    return lrs.request(HttpMethod.POST, "/xapi/statements");
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String body) {
    return TestLrs.await(request.sendBuffer(Buffer.buffer(body)));
  }

  @Test
  @DisplayName("a string PostgreSQL cannot store (U+0000) is a 400 for that request; others written with it are stored")
  void nulCharacterIsABadRequest() throws Exception {
    String mbox = TestLrs.uniqueMbox();
    JsonObject statement = TestLrs.statement(mbox, "http://adlnet.gov/expapi/verbs/completed", "http://example.org/nul");
    statement.getJsonObject("verb").put("display", new JsonObject().put("en-GB", "comp\u0000leted"));
    java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
    java.util.List<java.util.concurrent.Future<HttpResponse<Buffer>>> good = new java.util.ArrayList<>();
    java.util.concurrent.Future<HttpResponse<Buffer>> bad = clients.submit(() -> lrs.postJson("/xapi/statements", statement));
    for (int i = 0; i < 6; i++) {
      good.add(clients.submit(() -> lrs.postJson("/xapi/statements",
          TestLrs.statement(mbox, "http://adlnet.gov/expapi/verbs/completed", "http://example.org/fine"))));
    }

    JsonObject error = assertError(bad.get(), 400);
    assertThat(error.getJsonArray("violations").getJsonObject(0).getString("rule")).isEqualTo("statement.storable");
    for (java.util.concurrent.Future<HttpResponse<Buffer>> response : good) {
      assertThat(response.get().statusCode()).isEqualTo(200);
    }
    clients.shutdown();
  }

  private static JsonObject assertError(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getString("message")).isNotBlank();
    return body;
  }
}
