package org.ahphub.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.SslMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ahphub.platform.config.Env;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libpq variables, TLS included, read once for the pools and for Flyway. */
class DatabaseConfigTest {

  @TempDir
  Path directory;

  private static DatabaseConfig read(Map<String, String> env) {
    return DatabaseConfig.fromEnv(Env.of(env));
  }

  @Test
  @DisplayName("defaults: libpq's prefer, migrations at start-up")
  void defaults() {
    DatabaseConfig config = read(Map.of());
    assertThat(config.sslMode()).isEqualTo(SslMode.PREFER);
    assertThat(config.runMigrations()).isTrue();
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/ahp_hub?sslmode=prefer");
  }

  @Test
  @DisplayName("verify-full with a root certificate: Flyway's URL carries both")
  void verifyFull() throws IOException {
    Path root = Files.writeString(directory.resolve("root.crt"), "-----BEGIN CERTIFICATE-----\n");
    DatabaseConfig config = read(Map.of("PGHOST", "db.example.org", "PGSSLMODE", "verify-full",
        "PGSSLROOTCERT", root.toString()));
    assertThat(config.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:5432/ahp_hub?sslmode=verify-full"
        + "&sslrootcert=" + java.net.URLEncoder.encode(root.toString(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(Databases.connectOptions(config).getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(Databases.connectOptions(config).getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
  }

  @Test
  @DisplayName("PGSSLROOTCERT=system: the JVM's trust store, for Flyway through the default Java SSL factory")
  void systemRoots() {
    DatabaseConfig config = read(Map.of("PGSSLMODE", "verify-full", "PGSSLROOTCERT", "system"));
    assertThat(config.jdbcUrl()).endsWith("sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
    assertThat(Databases.connectOptions(config).getSslOptions().getTrustOptions()).isNotNull();
  }

  @Test
  @DisplayName("verify-ca or verify-full without a root certificate, an unknown mode, a missing file: clear errors")
  void errors() {
    assertThatThrownBy(() -> read(Map.of("PGSSLMODE", "verify-ca")))
        .hasMessageContaining("PGSSLMODE=verify-ca").hasMessageContaining("PGSSLROOTCERT, which is not set");
    assertThatThrownBy(() -> read(Map.of("PGSSLMODE", "on")))
        .hasMessageContaining("PGSSLMODE must be one of disable, allow, prefer, require, verify-ca, verify-full");
    assertThatThrownBy(() -> read(Map.of("PGSSLMODE", "require", "PGSSLROOTCERT", "/no/such/root.crt")))
        .hasMessageContaining("PGSSLROOTCERT names /no/such/root.crt, which is not a readable file");
  }

  @Test
  @DisplayName("HUB_RUN_MIGRATIONS=false, PGPASSWORD_FILE; the description never shows the password")
  void migrationsAndPasswordFile() throws IOException {
    Path password = Files.writeString(directory.resolve("pgpassword"), "from-file\n");
    DatabaseConfig config = read(Map.of("HUB_RUN_MIGRATIONS", "false", "PGPASSWORD_FILE", password.toString()));
    assertThat(config.runMigrations()).isFalse();
    assertThat(config.password()).isEqualTo("from-file");
    assertThat(config.toString()).doesNotContain("from-file");
  }
}
