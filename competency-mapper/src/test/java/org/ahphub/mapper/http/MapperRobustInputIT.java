package org.ahphub.mapper.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Input PostgreSQL cannot store is a 400 that says where, on every mapper route, never a 503 (issue 16). */
class MapperRobustInputIT {

  private static SharingHarness hub;
  private static Credential employer;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
    employer = hub.organisation("Robust Trust " + UUID.randomUUID(), "passport:read", "person:link",
        "passport:subscribe");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static HttpResponse<Buffer> post(String path, String json) {
    return hub.http.post(hub.mapper.port(), "localhost", path)
        .basicAuthentication(employer.key(), employer.secret())
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json)).await();
  }

  @Test
  @DisplayName("a NUL character or an unpaired surrogate in a JSON body is a 400 naming its JSON path")
  void unstorableBodies() {
    for (String body : new String[] {
        "{\"kind\":\"employment\\u0000\",\"agent\":{\"mbox\":\"mailto:a@example.org\"}}",
        "{\"kind\":\"employment\",\"agent\":{\"mbox\":\"mailto:a\\ud800@example.org\"}}",
        "{\"kind\":\"employment\",\"agent\":{\"mbox\\u0000\":\"mailto:a@example.org\"}}"}) {
      var answer = post("/relationships", body);
      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      assertThat(answer.bodyAsJsonObject().getString("detail")).startsWith("$.");
    }
    var subscription = post("/subscriptions", "{\"url\":\"https://hooks.example.org/\\u0000\"}");
    assertThat(subscription.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("a NUL character in a query parameter is a 400, not a failed query")
  void unstorableQueryParameters() {
    String agent = java.net.URLEncoder.encode(new JsonObject().put("account", new JsonObject()
        .put("homePage", "https://trust.example.org").put("name", "staff")).encode(), java.nio.charset.StandardCharsets.UTF_8)
        .replace("staff", "staff%00");
    var lookup = hub.http.get(hub.mapper.port(), "localhost", "/persons?agent=" + agent)
        .basicAuthentication(employer.key(), employer.secret()).send().await();
    assertThat(lookup.statusCode()).isEqualTo(400);
    assertThat(lookup.bodyAsJsonObject().getString("detail")).contains("agent");
    var gaps = hub.http.get(hub.mapper.port(), "localhost", "/passports/" + UUID.randomUUID() + "/gaps?stage=entry%00")
        .basicAuthentication(employer.key(), employer.secret()).send().await();
    assertThat(gaps.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("JSON nested 1,000 deep is a 400")
  void deepJson() {
    String deep = "{\"kind\":\"employment\",\"agent\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
    assertThat(post("/relationships", deep).statusCode()).isEqualTo(400);
  }
}
