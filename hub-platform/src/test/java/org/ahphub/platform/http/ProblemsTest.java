package org.ahphub.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import org.ahphub.platform.identity.AuthenticationFailed;
import org.ahphub.platform.identity.TooManyAttempts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("every refusal of a non-xAPI API is RFC 9457 problem details, made in one place")
class ProblemsTest {

  private Vertx vertx;
  private WebClient http;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(10));
    router.get("/refused").handler(ctx -> {
      throw new ApiError(400, "$.scopes must be an array");
    });
    router.get("/typed").handler(ctx -> ctx.fail(new ProblemException(
        Problem.typed("unknown-source", "Unknown import source", 404, "no source 'x'").with("path", "path /x"))));
    router.get("/anonymous").handler(ctx -> ctx.fail(new AuthenticationFailed("credentials are required")));
    router.get("/limited").handler(ctx -> ctx.fail(new TooManyAttempts(7)));
    router.get("/broken").handler(ctx -> {
      throw new IllegalStateException("connection refused to db.internal:5432");
    });
    router.post("/body").handler(ctx -> ctx.response().end());
    router.route().last().handler(Problems.noSuchRoute());
    router.route().failureHandler(Problems.failureHandler("the service could not complete the request; please retry"));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "localhost").await();
    port = server.actualPort();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private HttpResponse<Buffer> get(String path) {
    return http.get(port, "localhost", path).send().await();
  }

  private static JsonObject problem(HttpResponse<Buffer> response) {
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    return response.bodyAsJsonObject();
  }

  @Test
  @DisplayName("an ApiError is about:blank, titled with the reason phrase, its message the detail, nothing else")
  void apiError() {
    HttpResponse<Buffer> answer = get("/refused?x=1");
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(problem(answer)).isEqualTo(new JsonObject().put("type", "about:blank").put("title", "Bad Request")
        .put("status", 400).put("detail", "$.scopes must be an array"));
    // the request path is not echoed: a refusal about a known id is the same as one about an unknown id
    assertThat(answer.bodyAsString()).doesNotContain("/refused");
  }

  @Test
  @DisplayName("a typed problem keeps its type, title and extension members")
  void typed() {
    assertThat(problem(get("/typed"))).isEqualTo(new JsonObject()
        .put("type", "https://ahp-hub.org/problems/unknown-source").put("title", "Unknown import source")
        .put("status", 404).put("detail", "no source 'x'").put("path", "path /x"));
  }

  @Test
  @DisplayName("a failed authentication is 401 with WWW-Authenticate; too many failures 429 with Retry-After")
  void authentication() {
    HttpResponse<Buffer> anonymous = get("/anonymous");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Basic");
    assertThat(problem(anonymous).getString("detail")).isEqualTo("credentials are required");
    HttpResponse<Buffer> limited = get("/limited");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isEqualTo("7");
    assertThat(problem(limited).getString("title")).isEqualTo("Too Many Requests");
  }

  @Test
  @DisplayName("an unexpected failure is 503 saying to retry, never its message or a stack trace")
  void unexpected() {
    HttpResponse<Buffer> answer = get("/broken");
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(problem(answer).getString("detail")).isEqualTo("the service could not complete the request; please retry");
    assertThat(answer.bodyAsString()).doesNotContain("db.internal").doesNotContain("Exception");
  }

  @Test
  @DisplayName("a status vertx-web sets (413 for a body over the limit) is problem details of that status")
  void statusFromVertxWeb() {
    HttpResponse<Buffer> answer = http.post(port, "localhost", "/body").sendBuffer(Buffer.buffer("0123456789abc"))
        .await();
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(problem(answer).getInteger("status")).isEqualTo(413);
  }

  @Test
  @DisplayName("no route for the method and path is 404 of type no-such-route, naming the method")
  void noSuchRoute() {
    HttpResponse<Buffer> answer = http.delete(port, "localhost", "/refused").send().await();
    assertThat(answer.statusCode()).isEqualTo(404);
    JsonObject problem = problem(answer);
    assertThat(problem.getString("type")).isEqualTo(Problem.NO_SUCH_ROUTE);
    assertThat(problem.getString("title")).isEqualTo("No such route");
    assertThat(problem.getString("detail")).contains("DELETE");
  }
}
