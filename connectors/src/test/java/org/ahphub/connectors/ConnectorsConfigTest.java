package org.ahphub.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConnectorsConfigTest {

  @Test
  @DisplayName("with no variables the defaults run against the embedded hub")
  void defaults() {
    ConnectorsConfig config = ConnectorsConfig.fromEnv(Map.of());
    assertThat(config.httpPort()).isEqualTo(8082);
    assertThat(config.lrsUrl()).isEqualTo("http://localhost:8080");
    assertThat(config.batchSize()).isEqualTo(500);
    assertThat(config.maxAttempts()).isEqualTo(5);
    assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.timeZone()).isEqualTo(ZoneId.of("Europe/London"));
    assertThat(config.elfhActivityBase()).isEqualTo("https://www.e-lfh.org.uk/programmes/");
    assertThat(config.apprenticeshipHomePage()).isEqualTo("https://www.gov.uk/uln");
    assertThat(config.localHomePage()).isNull();
    assertThat(config.stateDir()).isNull();
    assertThat(config.maxUploadBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(config.httpHost()).as("production unless HUB_DEV_MODE").isEqualTo("0.0.0.0");
  }

  @Test
  @DisplayName("variables override the defaults")
  void overrides() {
    ConnectorsConfig config = ConnectorsConfig.fromEnv(Map.of("CONNECTORS_HTTP_PORT", "9090", "LRS_URL",
        "https://lrs.example.org", "CONNECTORS_BACKOFF", "PT2S", "CONNECTORS_STATE_DIR", "/var/lib/connectors",
        "CONNECTORS_LOCAL_HOME_PAGE", "https://www.example-trust.nhs.uk"));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.lrsUrl()).isEqualTo("https://lrs.example.org");
    assertThat(config.initialBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/connectors"));
    assertThat(config.localHomePage()).isEqualTo("https://www.example-trust.nhs.uk");

    ConnectorsConfig dev = ConnectorsConfig.fromEnv(Map.of("IMPORT_MAX_BYTES", "1000", "HUB_DEV_MODE", "true"));
    assertThat(dev.maxUploadBytes()).isEqualTo(1000);
    assertThat(dev.httpHost()).as("development mode listens on loopback only").isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("every malformed variable is reported at once")
  void allProblems() {
    assertThatThrownBy(() -> ConnectorsConfig.fromEnv(Map.of("CONNECTORS_HTTP_PORT", "eighty", "LRS_URL", "lrs:8080",
        "CONNECTORS_BACKOFF", "soon", "CONNECTORS_TIME_ZONE", "Mars/Olympus", "CONNECTORS_MAX_ATTEMPTS", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CONNECTORS_HTTP_PORT must be a whole number")
        .hasMessageContaining("LRS_URL must be an absolute http(s) URL")
        .hasMessageContaining("CONNECTORS_BACKOFF must be a duration")
        .hasMessageContaining("CONNECTORS_TIME_ZONE must be a time zone")
        .hasMessageContaining("CONNECTORS_MAX_ATTEMPTS must be between 1 and 100");
  }
}
