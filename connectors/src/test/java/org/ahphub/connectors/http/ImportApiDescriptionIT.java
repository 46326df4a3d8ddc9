package org.ahphub.connectors.http;

import static org.ahphub.connectors.testing.VertxHelper.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.testing.InMemoryCredentials;
import org.ahphub.platform.http.ApiDescription;
import org.ahphub.platform.identity.AuthSettings;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.testing.OpenApiCoverage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ahphub.connectors.jobs.pg.PgImportJobStore;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.io.TempDir;

/** The upload service's OpenAPI 3.1 document describes every route its router has, and nothing more. */
class ImportApiDescriptionIT {

  @TempDir
  Path state;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName("GET /openapi.yaml serves the OpenAPI 3.1 document, and it describes exactly the routes served")
  void everyRouteDescribedAndEveryDescriptionServed() throws Exception {
    ConnectorsConfig config = ConnectorsConfig.fromEnv(Map.of("CONNECTORS_HTTP_PORT", "0",
        "LRS_URL", "http://localhost:9", "CONNECTORS_STATE_DIR", state.toString()));
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    DatabaseConfig database = new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 2);
    await(Databases.migrate(vertx, database, PgImportJobStore.SCHEMA));
    ImportApiVerticle verticle = new ImportApiVerticle(config, new BasicAuthenticator(vertx, new InMemoryCredentials(),
        new AuthSettings(5, Duration.ofSeconds(30), 100, 100)), new PgImportJobStore(Databases.pool(vertx, database)));
    await(vertx.deployVerticle(verticle));

    HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + verticle.actualPort() + ApiDescription.PATH)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/yaml"));
    assertThat(served.body()).isEqualTo(ApiDescription.load(ImportApiVerticle.DESCRIPTION_RESOURCE));

    OpenApiCoverage.Report report = OpenApiCoverage.check(verticle.router(), served.body(), Map.of());

    System.out.println("OPENAPI COVERAGE (imports): " + report.summary());
    assertThat(report.documentProblems()).as("the document").isEmpty();
    assertThat(report.undescribed()).as("routes the document does not describe").isEmpty();
    assertThat(report.unserved()).as("operations the document describes that no route serves").isEmpty();
    assertThat(report.covered()).isEqualTo(report.served().size()).isEqualTo(7);
  }
}
