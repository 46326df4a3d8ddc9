package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Document resources (Communication 2.2-2.7): State, Activity Profile, Agent Profile")
class DocumentResourcesIT {

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
  @DisplayName("State: PUT then GET returns the document with its content type, a quoted SHA-1 ETag and Last-Modified")
  void statePutGet() {
    String state = stateParams("s1");

    assertThat(send(HttpMethod.PUT, "/xapi/activities/state?" + state, "text/plain", "hello").statusCode()).isEqualTo(204);
    HttpResponse<Buffer> got = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/activities/state?" + state).send());

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.bodyAsString()).isEqualTo("hello");
    assertThat(got.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(got.getHeader("ETag")).matches("\"[0-9a-f]{40}\"");
    assertThat(got.getHeader("Last-Modified")).isNotBlank();
  }

  @Test
  @DisplayName("State: POST merges JSON objects one level deep; POST of non-JSON onto JSON is 400")
  void statePostMerges() {
    String state = stateParams("merge");
    send(HttpMethod.POST, "/xapi/activities/state?" + state, "application/json", "{\"a\":1,\"b\":{\"x\":1}}");
    send(HttpMethod.POST, "/xapi/activities/state?" + state, "application/json", "{\"b\":{\"y\":2},\"c\":3}");

    JsonObject merged = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/activities/state?" + state).send())
        .bodyAsJsonObject();

    assertThat(merged).isEqualTo(new JsonObject("{\"a\":1,\"b\":{\"y\":2},\"c\":3}"));
    assertThat(send(HttpMethod.POST, "/xapi/activities/state?" + state, "text/plain", "x").statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("State: GET without stateId lists ids (since filters); DELETE without stateId deletes them all")
  void stateListAndDeleteAll() {
    String agent = agent();
    String activity = enc("http://example.org/activity/" + UUID.randomUUID());
    String base = "activityId=" + activity + "&agent=" + agent;
    send(HttpMethod.PUT, "/xapi/activities/state?" + base + "&stateId=a", "application/json", "{}");
    send(HttpMethod.PUT, "/xapi/activities/state?" + base + "&stateId=b", "application/json", "{}");

    JsonArray ids = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/activities/state?" + base).send()).bodyAsJsonArray();
    JsonArray none = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/activities/state?" + base + "&since="
        + enc("2999-01-01T00:00:00Z")).send()).bodyAsJsonArray();
    assertThat(ids).containsExactly("a", "b");
    assertThat(none).isEmpty();

    assertThat(send(HttpMethod.DELETE, "/xapi/activities/state?" + base, null, null).statusCode()).isEqualTo(204);
    assertThat(TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/activities/state?" + base).send()).bodyAsJsonArray())
        .isEmpty();
  }

  @Test
  @DisplayName("Activity Profile: If-None-Match * creates once; blind overwrite is 409; If-Match with the ETag replaces; a stale one is 412")
  void profileConcurrency() {
    String profile = "activityId=" + enc("http://example.org/activity/" + UUID.randomUUID()) + "&profileId=p";
    String path = "/xapi/activities/profile?" + profile;

    assertThat(sendWith(HttpMethod.PUT, path, "{\"v\":1}", "If-None-Match", "*").statusCode()).isEqualTo(204);
    assertThat(sendWith(HttpMethod.PUT, path, "{\"v\":2}", "If-None-Match", "*").statusCode()).isEqualTo(412);
    assertThat(send(HttpMethod.PUT, path, "application/json", "{\"v\":2}").statusCode()).isEqualTo(409);
    String etag = TestLrs.await(lrs.request(HttpMethod.GET, path).send()).getHeader("ETag");
    assertThat(sendWith(HttpMethod.PUT, path, "{\"v\":3}", "If-Match", etag).statusCode()).isEqualTo(204);
    assertThat(sendWith(HttpMethod.PUT, path, "{\"v\":4}", "If-Match", etag).statusCode()).isEqualTo(412);
    assertThat(TestLrs.await(lrs.request(HttpMethod.GET, path).send()).bodyAsJsonObject().getInteger("v")).isEqualTo(3);
  }

  @Test
  @DisplayName("Concurrency: of two writers sending If-Match with the same ETag at once, exactly one wins and the other gets 412")
  void concurrentIfMatchWritersOneWins() {
    for (int round = 0; round < 20; round++) {
      String path = "/xapi/activities/profile?activityId=" + enc("http://example.org/activity/" + UUID.randomUUID())
          + "&profileId=race";
      assertThat(sendWith(HttpMethod.PUT, path, "{\"v\":0}", "If-None-Match", "*").statusCode()).isEqualTo(204);
      String etag = TestLrs.await(lrs.request(HttpMethod.GET, path).send()).getHeader("ETag");

      // Both requests are on the wire before either answer is awaited.
      io.vertx.core.Future<HttpResponse<Buffer>> a = lrs.request(HttpMethod.PUT, path)
          .putHeader("Content-Type", "application/json").putHeader("If-Match", etag)
          .sendBuffer(Buffer.buffer("{\"writer\":\"a\"}"));
      io.vertx.core.Future<HttpResponse<Buffer>> b = lrs.request(HttpMethod.POST, path)
          .putHeader("Content-Type", "application/json").putHeader("If-Match", etag)
          .sendBuffer(Buffer.buffer("{\"writer\":\"b\"}"));
      int statusA = TestLrs.await(a).statusCode();
      int statusB = TestLrs.await(b).statusCode();

      assertThat(List.of(statusA, statusB)).as("round %d", round).containsExactlyInAnyOrder(204, 412);
      String winner = statusA == 204 ? "a" : "b";
      assertThat(TestLrs.await(lrs.request(HttpMethod.GET, path).send()).bodyAsJsonObject().getString("writer"))
          .isEqualTo(winner);
    }
  }

  @Test
  @DisplayName("Concurrency: of two writers creating a document with If-None-Match * at once, exactly one wins")
  void concurrentCreatorsOneWins() {
    for (int round = 0; round < 20; round++) {
      String path = "/xapi/activities/profile?activityId=" + enc("http://example.org/activity/" + UUID.randomUUID())
          + "&profileId=create";
      io.vertx.core.Future<HttpResponse<Buffer>> a = lrs.request(HttpMethod.PUT, path)
          .putHeader("Content-Type", "application/json").putHeader("If-None-Match", "*")
          .sendBuffer(Buffer.buffer("{\"writer\":\"a\"}"));
      io.vertx.core.Future<HttpResponse<Buffer>> b = lrs.request(HttpMethod.PUT, path)
          .putHeader("Content-Type", "application/json").putHeader("If-None-Match", "*")
          .sendBuffer(Buffer.buffer("{\"writer\":\"b\"}"));

      assertThat(List.of(TestLrs.await(a).statusCode(), TestLrs.await(b).statusCode())).as("round %d", round)
          .containsExactlyInAnyOrder(204, 412);
    }
  }

  @Test
  @DisplayName("Agent Profile: missing agent or profileId on PUT is 400; unknown document is 404")
  void agentProfileParameters() {
    assertThat(sendWith(HttpMethod.PUT, "/xapi/agents/profile?profileId=p", "{}", "If-None-Match", "*").statusCode())
        .isEqualTo(400);
    assertThat(sendWith(HttpMethod.PUT, "/xapi/agents/profile?agent=" + agent(), "{}", "If-None-Match", "*").statusCode())
        .isEqualTo(400);
    assertThat(TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/agents/profile?agent=" + agent() + "&profileId=none")
        .send()).statusCode()).isEqualTo(404);
  }

  private String stateParams(String stateId) {
    return "activityId=" + enc("http://example.org/activity/" + UUID.randomUUID()) + "&agent=" + agent()
        + "&stateId=" + stateId;
  }

  private static String agent() {
    return enc(new JsonObject().put("mbox", TestLrs.uniqueMbox()).encode());
  }

  private HttpResponse<Buffer> send(HttpMethod method, String uri, String contentType, String body) {
    HttpRequest<Buffer> request = lrs.request(method, uri);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return TestLrs.await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> sendWith(HttpMethod method, String uri, String json, String header, String value) {
    return TestLrs.await(lrs.request(method, uri).putHeader("Content-Type", "application/json")
        .putHeader(header, value).sendBuffer(Buffer.buffer(json)));
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
