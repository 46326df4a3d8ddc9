package org.ahphub.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.ahphub.testing.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The pools and Flyway against a PostgreSQL that accepts TLS connections only ({@link TlsPostgres}): any
 * connection made without TLS is refused by the server.
 */
class PostgresTlsIT {

  private static TlsPostgres postgres;

  private Vertx vertx;

  @BeforeAll
  static void startTlsOnlyPostgres() {
    postgres = TlsPostgres.start();
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  private static DatabaseConfig config(SslMode mode, Path rootCertificate) {
    return new DatabaseConfig(postgres.host(), postgres.port(), postgres.database(), postgres.user(), "", 2)
        .withSsl(mode, rootCertificate == null ? null : rootCertificate.toString());
  }

  private static boolean encrypted(Pool pool) {
    return pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute().await()
        .iterator().next().getBoolean("ssl");
  }

  @Test
  @DisplayName("PGSSLMODE=verify-full with the server's root certificate: the pool's connections are encrypted")
  void verifyFullPool() {
    Pool pool = Databases.pool(vertx, config(SslMode.VERIFY_FULL, postgres.rootCertificate()));
    assertThat(encrypted(pool)).isTrue();
  }

  @Test
  @DisplayName("PGSSLMODE=verify-full: Flyway migrates over TLS (the server refuses anything else)")
  void verifyFullFlyway() {
    DatabaseConfig config = config(SslMode.VERIFY_FULL, postgres.rootCertificate());
    Databases.migrate(vertx, config, "identity").await();
    // Applied: a check that the schema is at this release's version now passes.
    Databases.requireMigrated(vertx, config.withRunMigrations(false), "identity").await();
    Pool pool = Databases.pool(vertx, config);
    long tables = pool.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'identity'")
        .execute().await().iterator().next().getLong("n");
    assertThat(tables).isPositive();
  }

  @Test
  @DisplayName("PGSSLMODE=require encrypts without checking the certificate")
  void requireEncrypts() {
    Pool pool = Databases.pool(vertx, config(SslMode.REQUIRE, null));
    assertThat(encrypted(pool)).isTrue();
    Databases.migrate(vertx, config(SslMode.REQUIRE, null), "identity").await();
  }

  @Test
  @DisplayName("the default, prefer, takes TLS when the server offers it")
  void preferTakesTls() {
    Pool pool = Databases.pool(vertx, config(SslMode.PREFER, null));
    assertThat(encrypted(pool)).isTrue();
  }

  @Test
  @DisplayName("this server refuses a connection without TLS (so the tests above did use TLS)")
  void plainConnectionRefused() {
    Pool pool = Databases.pool(vertx, config(SslMode.DISABLE, null));
    assertThatThrownBy(() -> encrypted(pool)).hasMessageContaining("no encryption");
  }

  @Test
  @DisplayName("verify-full with another root certificate: the pool and Flyway fail, saying the certificate is not trusted")
  void wrongRootCertificate() {
    DatabaseConfig config = config(SslMode.VERIFY_FULL, postgres.stranger());
    Pool pool = Databases.pool(vertx, config);
    assertThatThrownBy(() -> encrypted(pool)).hasMessageContaining("SSL handshake failed");
    // A service reaches the database through Flyway first (migrating or checking the schema), which says why.
    assertThatThrownBy(() -> Databases.migrate(vertx, config, "identity").await())
        .satisfies(e -> assertThat(causes(e)).contains("SSL error")
            .containsPattern("(?i)unable to find valid certification path"));
  }

  @Test
  @DisplayName("require with a root certificate checks the chain, as libpq does")
  void requireWithRootChecksChain() {
    assertThat(config(SslMode.REQUIRE, postgres.stranger()).effectiveSslMode()).isEqualTo(SslMode.VERIFY_CA);
    Pool pool = Databases.pool(vertx, config(SslMode.REQUIRE, postgres.stranger()));
    assertThatThrownBy(() -> encrypted(pool)).hasMessageContaining("SSL handshake failed");
    assertThatThrownBy(() -> Databases.migrate(vertx, config(SslMode.REQUIRE, postgres.stranger()), "identity")
        .await()).satisfies(e -> assertThat(causes(e)).containsPattern("(?i)unable to find valid certification path"));
  }

  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }
}
