package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.ahphub.lrs.LrsConfig;
import org.ahphub.lrs.LrsServer;
import org.ahphub.mapper.CompetencyMapper;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.testing.TestInfrastructure;
import org.ahphub.testing.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The LRS and the competency mapper, configured as for a managed PostgreSQL ({@code PGSSLMODE=verify-full},
 * {@code PGSSLROOTCERT}), against a server that refuses connections without TLS: they migrate, start and
 * store, and every connection they hold is encrypted.
 */
class ServicesOverTlsIT {

  private static TlsPostgres postgres;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    postgres = TlsPostgres.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @DisplayName("with PGSSLMODE=verify-full the LRS and the mapper migrate, start and store over TLS only")
  void servicesOverTls() {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", postgres.host());
    env.put("PGPORT", String.valueOf(postgres.port()));
    env.put("PGDATABASE", postgres.database());
    env.put("PGUSER", postgres.user());
    env.put("PGSSLMODE", "verify-full");
    env.put("PGSSLROOTCERT", postgres.rootCertificate().toString());
    env.put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.get().kafkaBootstrapServers());
    env.put("HUB_DEV_MODE", "true");
    env.put("HUB_BOOTSTRAP_CREDENTIAL", "tls:tls-secret");
    env.put("LRS_HTTP_PORT", "0");
    env.put("MAPPER_HTTP_PORT", "0");
    env.put("MAPPER_CONSUMER_GROUP", "tls-it-" + UUID.randomUUID());
    env.put("LRS_IDENTITY_CONSUMER_GROUP", "tls-it-" + UUID.randomUUID());

    LrsServer lrs = LrsServer.start(vertx, LrsConfig.fromEnv(env)).await();
    CompetencyMapper mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(env)).await();
    try {
      int status = WebClient.create(vertx).post(lrs.port(), "127.0.0.1", "/xapi/statements")
          .basicAuthentication("tls", "tls-secret")
          .putHeader("X-Experience-API-Version", "1.0.3")
          .sendJsonObject(new JsonObject()
              .put("actor", new JsonObject().put("mbox", "mailto:tls-learner@example.org"))
              .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
              .put("object", new JsonObject().put("id", "https://example.org/courses/tls")))
          .await().statusCode();
      assertThat(status).isEqualTo(200);

      Row connections = mapper.pool().query("""
          SELECT count(*) AS total, count(*) FILTER (WHERE NOT s.ssl) AS plain
          FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
          WHERE a.datname = current_database() AND a.backend_type = 'client backend'
          """).execute().await().iterator().next();
      assertThat(connections.getLong("total")).as("connections of both services").isGreaterThanOrEqualTo(2);
      assertThat(connections.getLong("plain")).as("connections without TLS").isZero();
      long stored = lrs.pool().query("SELECT count(*) AS n FROM lrs.statement").execute().await()
          .iterator().next().getLong("n");
      assertThat(stored).isEqualTo(1);
    } finally {
      mapper.stop().await();
      lrs.stop().await();
    }
  }
}
