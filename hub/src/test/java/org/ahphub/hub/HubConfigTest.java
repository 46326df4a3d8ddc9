package org.ahphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HubConfigTest {

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
}
