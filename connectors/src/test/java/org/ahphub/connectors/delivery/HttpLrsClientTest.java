package org.ahphub.connectors.delivery;

import static org.ahphub.connectors.testing.VertxHelper.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ahphub.connectors.testing.FakeLrsVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HttpLrsClientTest {

  private static final String AUTH = HttpLrsClient.basic("trust-key", "trust-secret");

  private Vertx vertx;
  private FakeLrsVerticle lrs;
  private final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    lrs = new FakeLrsVerticle();
    await(vertx.deployVerticle(lrs));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private HttpLrsClient client(String url, int attempts) {
    return new HttpLrsClient(url, AUTH, new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofSeconds(10)),
        Duration.ofSeconds(5), sleeps::add, new Random(7));
  }

  private static List<JsonObject> batch() {
    return List.of(new JsonObject().put("id", "8f0c1c9e-5f5a-5b4e-9a1e-1d2c3b4a5f60"),
        new JsonObject().put("id", "0b6c3e1a-2d4f-5a6b-8c7d-9e0f1a2b3c4d"));
  }

  @Test
  @DisplayName("503 twice, then 200: the batch is delivered on the third attempt after growing, jittered waits")
  void retriesServerErrors() throws Exception {
    lrs.then(503, "{\"message\":\"database busy\"}").then(503, "");
    BatchReceipt receipt = client(lrs.url(), 5).post(batch());
    assertThat(receipt.attempts()).isEqualTo(3);
    assertThat(receipt.ids()).containsExactly("8f0c1c9e-5f5a-5b4e-9a1e-1d2c3b4a5f60", "0b6c3e1a-2d4f-5a6b-8c7d-9e0f1a2b3c4d");
    assertThat(receipt.stored()).hasValue(2);
    assertThat(lrs.requests()).hasSize(3);
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  @DisplayName("every request carries Basic credentials, the xAPI version header and a JSON array body")
  void headers() throws Exception {
    client(lrs.url() + "/", 1).post(batch());
    FakeLrsVerticle.Received request = lrs.requests().get(0);
    assertThat(request.headers().get("Authorization")).isEqualTo(AUTH);
    assertThat(request.headers().get("X-Experience-API-Version")).isEqualTo("1.0.3");
    assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.body()).hasSize(2);
  }

  @Test
  @DisplayName("400 with a JSON error stops at once, with the LRS's reason and where it points")
  void stopsOnClientError() {
    lrs.then(400, new JsonObject().put("error", "invalid_statement")
        .put("message", "id must be a UUID").put("path", "$[0].id").encode());
    assertThatThrownBy(() -> client(lrs.url(), 5).post(batch()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("the LRS refused the batch with 400: id must be a UUID (at $[0].id)");
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.refused()).isTrue();
          assertThat(e.attempts()).isEqualTo(1);
        });
    assertThat(lrs.requests()).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  @DisplayName("the hub LRS's violation list is part of the reason")
  void violations() {
    lrs.then(400, new JsonObject().put("status", 400).put("error", "Bad Request").put("message", "invalid statement")
        .put("violations", new io.vertx.core.json.JsonArray().add(new JsonObject().put("rule", "agent.ifi.exactly-one")
            .put("path", "$[1].actor").put("message", "an Agent must have exactly one inverse functional identifier")))
        .encode());
    assertThatThrownBy(() -> client(lrs.url(), 5).post(batch())).hasMessage("the LRS refused the batch with 400: "
        + "invalid statement; $[1].actor: an Agent must have exactly one inverse functional identifier"
        + " [agent.ifi.exactly-one]");
  }

  @Test
  @DisplayName("a 401 without a JSON body still says what the LRS answered")
  void plainTextRefusal() {
    lrs.then(401, "Unauthorized");
    assertThatThrownBy(() -> client(lrs.url(), 5).post(batch()))
        .hasMessage("the LRS refused the batch with 401: Unauthorized");
  }

  @Test
  @DisplayName("retries are bounded: after the last attempt the failure is reported")
  void boundedRetries() {
    lrs.then(503, "").then(502, "").then(500, "{\"error\":\"boom\"}");
    assertThatThrownBy(() -> client(lrs.url(), 3).post(batch()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("LRS answered 500: boom (gave up after 3 attempts)");
          assertThat(e.attempts()).isEqualTo(3);
          assertThat(e.refused()).isFalse();
        });
  }

  @Test
  @DisplayName("network errors are retried like 5xx")
  void networkErrors() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThatThrownBy(() -> client("http://localhost:" + port, 2).post(batch()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.status()).isZero();
          assertThat(e.attempts()).isEqualTo(2);
          assertThat(e.getMessage()).startsWith("LRS unreachable");
        });
    assertThat(sleeps).hasSize(1);
  }

  @Test
  @DisplayName("Retry-After is honoured; 429 is retried")
  void retryAfter() throws Exception {
    lrs.then(429, "", Map.of("Retry-After", "2"));
    assertThat(client(lrs.url(), 3).post(batch()).attempts()).isEqualTo(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("without X-Hub-Statements-Stored the number stored is unknown; with it, duplicates show")
  void storedCount() throws Exception {
    HttpLrsClient client = client(lrs.url(), 1);
    assertThat(client.post(batch()).stored()).hasValue(2);
    assertThat(client.post(batch()).stored()).hasValue(0);
    lrs.reportStored(false);
    assertThat(client.post(batch()).stored()).isEmpty();
  }

  @Test
  @DisplayName("backoff doubles up to the maximum and stays within half and all of it")
  void backoff() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(4));
    Random random = new Random(1);
    for (int attempt = 1; attempt <= 8; attempt++) {
      long ceiling = Math.min(4000, 500L << (attempt - 1));
      assertThat(policy.delay(attempt, random).toMillis()).isBetween(ceiling / 2, ceiling);
    }
  }
}
