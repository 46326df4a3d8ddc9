package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.ahphub.lrs.LrsConfig;
import org.ahphub.lrs.LrsServer;
import org.ahphub.mapper.CompetencyMapper;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Migrations as their own step ({@link MigrateMain}), and services that only check them (HUB_RUN_MIGRATIONS=false). */
class MigrationsIT {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static Map<String, String> env(PostgresCoordinates db) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", db.host());
    env.put("PGPORT", String.valueOf(db.port()));
    env.put("PGDATABASE", db.database());
    env.put("PGUSER", db.user());
    env.put("PGPASSWORD", db.password());
    env.put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.get().kafkaBootstrapServers());
    env.put("HUB_DEV_MODE", "true");
    env.put("HUB_RUN_MIGRATIONS", "false");
    env.put("LRS_HTTP_PORT", "0");
    env.put("LRS_HTTP_INSTANCES", "1");
    env.put("MAPPER_HTTP_PORT", "0");
    env.put("MAPPER_CONSUMER_GROUP", "migrations-it-" + UUID.randomUUID());
    env.put("LRS_IDENTITY_CONSUMER_GROUP", "migrations-it-" + UUID.randomUUID());
    return env;
  }

  @Test
  @DisplayName("with HUB_RUN_MIGRATIONS=false a service on an unmigrated database refuses to start and says what to run")
  void refusesUnmigratedDatabase() {
    Map<String, String> env = env(TestInfrastructure.get().freshDatabase());

    assertThat(MigrateMain.run(new String[] {"--check"}, env)).as("--check on an empty database").isEqualTo(3);
    assertThatThrownBy(() -> LrsServer.start(vertx, LrsConfig.fromEnv(env)).await())
        .hasMessageContaining("schema identity is at version none (empty) but this release needs version")
        .hasMessageContaining("org.ahphub.hub.MigrateMain")
        .hasMessageContaining("HUB_RUN_MIGRATIONS=true");
  }

  @Test
  @DisplayName("MigrateMain migrates every schema once; then the services start without migrating")
  void migrateThenStart() {
    Map<String, String> env = env(TestInfrastructure.get().freshDatabase());

    long started = System.nanoTime();
    assertThat(MigrateMain.run(new String[0], env)).isEqualTo(0);
    long firstMs = (System.nanoTime() - started) / 1_000_000;
    started = System.nanoTime();
    assertThat(MigrateMain.run(new String[0], env)).as("a second run").isEqualTo(0);
    long secondMs = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("migrations on an empty database: %d ms; again, nothing to do: %d ms%n", firstMs, secondMs);
    assertThat(MigrateMain.run(new String[] {"--check"}, env)).isEqualTo(0);

    LrsServer lrs = LrsServer.start(vertx, LrsConfig.fromEnv(env)).await();
    CompetencyMapper mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(env)).await();
    assertThat(lrs.port()).isPositive();
    assertThat(mapper.port()).isPositive();
    mapper.stop().await();
    lrs.stop().await();
  }

  @Test
  @DisplayName("a bad PGSSLMODE is a configuration error (exit 2), not a stack trace")
  void configurationError() {
    Map<String, String> env = env(TestInfrastructure.get().freshDatabase());
    env.put("PGSSLMODE", "verify-full");
    assertThat(MigrateMain.run(new String[0], env)).isEqualTo(2);
  }
}
