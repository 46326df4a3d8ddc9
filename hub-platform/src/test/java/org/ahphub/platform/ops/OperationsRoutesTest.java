package org.ahphub.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ahphub.platform.health.Readiness;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.trace.Traces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The routes every service mounts first: trace, health, readiness and metrics. */
class OperationsRoutesTest {

  private final Vertx vertx = HubMetrics.newVertx();
  private final WebClient http = WebClient.create(vertx);
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);
  private final Readiness readiness = new Readiness().with(new Readiness.Check("postgresql",
      () -> databaseUp.get() ? Future.succeededFuture() : Future.failedFuture("connection refused")));

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private int serve(OperationsSettings settings) {
    Router router = Router.router(vertx);
    OperationsRoutes.of(vertx, readiness, settings).mount(router);
    router.get("/trace").handler(ctx -> ctx.end(String.valueOf(Traces.currentHeader())));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    return server.actualPort();
  }

  @Test
  @DisplayName("readiness is 200 while its checks pass, 503 naming the failing check, and 503 'shutdown' once stopping; "
      + "liveness stays 200")
  void readiness() {
    int port = serve(OperationsSettings.defaults());
    HttpResponse<Buffer> ready = http.get(port, "127.0.0.1", "/health/ready").send().await();
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getString("postgresql")).isEqualTo("UP");

    databaseUp.set(false);
    HttpResponse<Buffer> down = http.get(port, "127.0.0.1", "/health/ready").send().await();
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getJsonArray("failing")).containsExactly("postgresql");
    assertThat(down.bodyAsString()).as("no reason text in the answer").doesNotContain("refused");
    assertThat(http.get(port, "127.0.0.1", "/health/live").send().await().statusCode()).isEqualTo(200);
    assertThat(http.get(port, "127.0.0.1", "/health").send().await().bodyAsJsonObject().getString("status"))
        .isEqualTo("UP");

    databaseUp.set(true);
    assertThat(http.get(port, "127.0.0.1", "/health/ready").send().await().statusCode()).isEqualTo(200);
    readiness.stopping();
    HttpResponse<Buffer> stopping = http.get(port, "127.0.0.1", "/health/ready").send().await();
    assertThat(stopping.statusCode()).isEqualTo(503);
    assertThat(stopping.bodyAsJsonObject().getJsonArray("failing")).containsExactly("shutdown");
  }

  @Test
  @DisplayName("with HUB_METRICS_TOKEN set, /metrics answers 401 without the bearer token or with another, 200 with it")
  void metricsToken() {
    int port = serve(OperationsSettings.fromEnv(java.util.Map.of("HUB_METRICS_TOKEN", "s3cret-token")));
    HubMetrics.of(vertx).counter("ahp.test.things", "things").increment(3);
    assertThat(http.get(port, "127.0.0.1", "/metrics").send().await().statusCode()).isEqualTo(401);
    assertThat(http.get(port, "127.0.0.1", "/metrics").bearerTokenAuthentication("other").send().await().statusCode())
        .isEqualTo(401);
    HttpResponse<Buffer> scraped = http.get(port, "127.0.0.1", "/metrics").bearerTokenAuthentication("s3cret-token")
        .send().await();
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.bodyAsString()).contains("ahp_test_things_total 3.0");
  }

  @Test
  @DisplayName("/metrics counts requests by route template, never by path; without a token it is open")
  void requestsByRoute() {
    int port = serve(OperationsSettings.defaults());
    http.get(port, "127.0.0.1", "/health/ready").send().await();
    String scrape = http.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();
    assertThat(scrape).contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/health/ready\"}");
    assertThat(scrape).contains("vertx_http_server_response_time_seconds_bucket{code=\"200\",method=\"GET\","
        + "route=\"/health/ready\",le=\"0.005\"}");
  }

  @Test
  @DisplayName("a caller's traceparent is continued (same trace id, X-Request-Id); without one a new trace starts")
  void trace() {
    int port = serve(OperationsSettings.defaults());
    HttpResponse<Buffer> continued = http.get(port, "127.0.0.1", "/trace")
        .putHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").send().await();
    assertThat(continued.getHeader("X-Request-Id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(continued.bodyAsString()).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
        .doesNotContain("00f067aa0ba902b7");
    HttpResponse<Buffer> fresh = http.get(port, "127.0.0.1", "/trace").putHeader("traceparent", "nonsense").send().await();
    assertThat(fresh.getHeader("X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(fresh.bodyAsString()).contains(fresh.getHeader("X-Request-Id"));
  }
}
