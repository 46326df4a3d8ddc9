package org.ahphub.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;
import org.ahphub.testing.OpenApiCoverage;
import org.ahphub.testing.OpenApiCoverage.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the OpenAPI coverage check finds routes not described, descriptions not served, and bad documents")
class OpenApiCoverageTest {

  private static final String DOCUMENT = """
      openapi: 3.1.0
      info: {title: t, version: '1'}
      paths:
        /things/{thingId}:
          parameters:
            - {name: thingId, in: path, required: true, schema: {type: string}}
          get:
            operationId: getThing
            responses:
              '200': {description: ok}
              '404':
                description: no such thing
                content:
                  application/problem+json:
                    schema: {$ref: '#/components/schemas/Problem'}
        /gone:
          post:
            operationId: gone
            responses:
              '204': {description: done}
      components:
        schemas:
          Problem: {type: object, required: [type, title, status]}
      """;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a route without description and a description without route are both reported; /health is exempt")
  void bothDirections() {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> ctx.next());
    router.get("/things/:id").handler(ctx -> ctx.end());
    router.delete("/things/:id").handler(ctx -> ctx.end());
    router.get("/health/ready").handler(ctx -> ctx.end());
    router.route("/static/*").handler(ctx -> ctx.end());
    router.route().last().handler(ctx -> ctx.end());

    OpenApiCoverage.Report report = OpenApiCoverage.check(router, DOCUMENT, Map.of());

    assertThat(report.undescribed()).containsExactlyInAnyOrder(new Endpoint("DELETE", "/things/{}"),
        new Endpoint("ANY", "/static/"));
    assertThat(report.unserved()).containsExactly(new Endpoint("POST", "/gone"));
    assertThat(report.exempted()).containsKey("/health/ready");
    assertThat(report.covered()).isEqualTo(1);
    assertThat(report.documentProblems()).isEmpty();
    assertThat(report.agrees()).isFalse();

    OpenApiCoverage.Report exempt = OpenApiCoverage.check(router, DOCUMENT, Map.of("/static/", "files"));
    assertThat(exempt.exempted()).containsEntry("/static/", "files");
  }

  @Test
  @DisplayName("OpenAPI 3.0, an unresolved $ref and an error response that is not problem details are problems")
  void badDocuments() {
    Router router = Router.router(vertx);
    assertThat(OpenApiCoverage.check(router, DOCUMENT.replace("3.1.0", "3.0.3"), Map.of()).documentProblems())
        .anyMatch(p -> p.contains("not 3.1"));
    assertThat(OpenApiCoverage.check(router, DOCUMENT.replace("schemas/Problem'", "schemas/Nothing'"), Map.of())
        .documentProblems()).isNotEmpty();
    assertThat(OpenApiCoverage.check(router, DOCUMENT.replace("application/problem+json", "application/json"),
        Map.of()).documentProblems()).anyMatch(p -> p.contains("GET /things/{} 404"));
    assertThat(OpenApiCoverage.check(router, "not: [an, openapi, document", Map.of()).agrees()).isFalse();
  }
}
