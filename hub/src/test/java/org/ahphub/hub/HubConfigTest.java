package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HubConfigTest {

  private static final String KEY = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

  @Test
  void embeddedDefaultsAndOverrides() {
    HubConfig defaults = HubConfig.fromEnv(Map.of());
    assertThat(defaults.postgresPort()).isEqualTo(15432);
    assertThat(defaults.postgresSharedBuffers()).isEqualTo("512MB");
    assertThat(defaults.dataDirectory().getFileName()).hasToString(".hub-data");

    HubConfig set = HubConfig.fromEnv(Map.of("HUB_POSTGRES_SHARED_BUFFERS", "2GB", "HUB_POSTGRES_PORT", "0"));
    assertThat(set.postgresSharedBuffers()).isEqualTo("2GB");
    assertThat(set.postgresPort()).isZero();
    assertThat(set.serviceEnvironment(5432, "127.0.0.1:9092")).containsEntry("PGPORT", "5432")
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092").containsEntry("HUB_DEV_MODE", "true");
  }

  @Test
  @DisplayName("settings for managed PostgreSQL and Kafka do not reach the embedded servers' clients")
  void managedServiceSettingsStayAway() {
    HubConfig config = HubConfig.fromEnv(Map.of("PGSSLMODE", "verify-full", "PGSSLROOTCERT", "/etc/ca.pem",
        "PGPASSWORD_FILE", "/run/secrets/pg", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "KAFKA_SASL_JAAS_CONFIG_FILE", "/run/secrets/jaas", "KAFKA_TOPIC_PARTITIONS", "6"));
    assertThat(config.serviceEnvironment(5432, "127.0.0.1:9092"))
        .containsEntry("PGSSLMODE", "disable")
        .containsEntry("KAFKA_TOPIC_REPLICATION_FACTOR", "1")
        .containsEntry("KAFKA_TOPIC_PARTITIONS", "6")
        .doesNotContainKeys("PGSSLROOTCERT", "PGPASSWORD_FILE", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_JAAS_CONFIG_FILE");
  }

  @Test
  @DisplayName("the launcher is in development mode unless told otherwise: loopback only, the development credential")
  void developmentModeByDefault() {
    HubConfig config = HubConfig.fromEnv(Map.of());
    assertThat(config.devMode()).isTrue();
    assertThat(config.devCredentialKey()).isEqualTo("dev");
    assertThat(config.serviceEnvironment(5432, "127.0.0.1:9092"))
        .containsEntry("HUB_HTTP_HOST", "127.0.0.1")
        .containsEntry("HUB_BOOTSTRAP_CREDENTIAL", "dev:dev-secret");

    assertThatThrownBy(() -> HubConfig.fromEnv(Map.of("HUB_HTTP_HOST", "0.0.0.0")))
        .hasMessageContaining("loopback only");
    assertThatThrownBy(() -> HubConfig.fromEnv(Map.of("HUB_DEV_CREDENTIAL", "no-colon")))
        .hasMessageContaining("HUB_DEV_CREDENTIAL must be key:secret");
  }

  @Test
  @DisplayName("outside development mode the hub refuses to start without a key encryption key and a public URL")
  void productionFailsClosed() {
    assertThatThrownBy(() -> HubConfig.fromEnv(Map.of("HUB_DEV_MODE", "false")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to start outside development mode")
        .hasMessageContaining("HUB_KEY_ENCRYPTION_KEY is not set")
        .hasMessageContaining("HUB_PUBLIC_URL is not set");
    assertThatThrownBy(() -> HubConfig.fromEnv(Map.of("HUB_DEV_MODE", "false", "HUB_KEY_ENCRYPTION_KEY", "c2hvcnQ=",
        "HUB_PUBLIC_URL", "passports.example.org")))
        .hasMessageContaining("HUB_KEY_ENCRYPTION_KEY must be base64 of 32 bytes")
        .hasMessageContaining("HUB_PUBLIC_URL must be an absolute http(s) URL");
    assertThatThrownBy(() -> HubConfig.fromEnv(Map.of("HUB_DEV_MODE", "false", "HUB_KEY_ENCRYPTION_KEY", KEY,
        "HUB_PUBLIC_URL", "https://passports.example.org", "HUB_DEV_CREDENTIAL", "dev:dev-secret")))
        .hasMessageContaining("HUB_DEV_CREDENTIAL is for development mode only");

    HubConfig production = HubConfig.fromEnv(Map.of("HUB_DEV_MODE", "false", "HUB_KEY_ENCRYPTION_KEY", KEY,
        "HUB_PUBLIC_URL", "https://passports.example.org"));
    assertThat(production.devMode()).isFalse();
    assertThat(production.devCredentialKey()).isNull();
    assertThat(production.serviceEnvironment(5432, "127.0.0.1:9092"))
        .containsEntry("HUB_DEV_MODE", "false")
        .doesNotContainKeys("HUB_BOOTSTRAP_CREDENTIAL", "HUB_HTTP_HOST");
  }

  @Test
  @DisplayName("what the launcher prints names the development credential's key, never its secret")
  void noSecretIsPrinted() {
    String printed = HubLauncher.modeLines(HubConfig.fromEnv(Map.of()));
    assertThat(printed).contains("key dev").contains("127.0.0.1 only").doesNotContain("dev-secret");
    String custom = HubLauncher.modeLines(HubConfig.fromEnv(Map.of("HUB_DEV_CREDENTIAL", "me:Sup3r-s3cret")));
    assertThat(custom).contains("key me").contains("HUB_DEV_CREDENTIAL").doesNotContain("Sup3r-s3cret");
  }
}
