package org.ahphub.mapper.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.platform.http.ApiDescription;
import org.ahphub.testing.OpenApiCoverage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The mapper's OpenAPI 3.1 document describes every route its router has, and nothing it does not have. */
class PassportApiDescriptionIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  @DisplayName("GET /openapi.yaml serves the OpenAPI 3.1 document, and it describes exactly the routes served")
  void everyRouteDescribedAndEveryDescriptionServed() {
    HttpResponse<Buffer> served = hub.http.get(hub.mapper.port(), "localhost", ApiDescription.PATH).send().await();
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.getHeader("Content-Type")).startsWith("application/yaml");
    assertThat(served.bodyAsString()).isEqualTo(ApiDescription.load(PassportApiVerticle.DESCRIPTION_RESOURCE));

    OpenApiCoverage.Report report = OpenApiCoverage.check(hub.mapper.router(), served.bodyAsString(),
        Map.of("/app/", "the web page's static files (HTML, CSS, JavaScript), not an API"));

    System.out.println("OPENAPI COVERAGE (mapper): " + report.summary());
    assertThat(report.documentProblems()).as("the document").isEmpty();
    assertThat(report.undescribed()).as("routes the document does not describe").isEmpty();
    assertThat(report.unserved()).as("operations the document describes that no route serves").isEmpty();
    assertThat(report.covered()).isEqualTo(report.served().size()).isGreaterThanOrEqualTo(50);
  }
}
