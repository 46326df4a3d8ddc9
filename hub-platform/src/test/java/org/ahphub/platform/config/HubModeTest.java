package org.ahphub.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HubModeTest {

  @Test
  @DisplayName("production unless development mode is switched on; development mode listens on loopback only")
  void developmentModeIsExplicitAndLoopback() {
    assertThat(HubMode.fromEnv(Env.of(Map.of()))).isEqualTo(new HubMode(false, "0.0.0.0"));
    assertThat(HubMode.fromEnv(Env.of(Map.of("HUB_DEV_MODE", "true")))).isEqualTo(new HubMode(true, "127.0.0.1"));
    assertThat(HubMode.fromEnv(Env.of(Map.of("HUB_DEV_MODE", "true", "HUB_HTTP_HOST", "::1"))).httpHost())
        .isEqualTo("::1");
    assertThatThrownBy(() -> HubMode.fromEnv(Env.of(Map.of("HUB_DEV_MODE", "true", "HUB_HTTP_HOST", "0.0.0.0"))))
        .hasMessageContaining("loopback only");
    assertThatThrownBy(() -> HubMode.fromEnv(Env.of(Map.of("HUB_DEV_MODE", "true", "HUB_HTTP_HOST", "example.org"))))
        .hasMessageContaining("loopback only");
    assertThat(HubMode.fromEnv(Env.of(Map.of("HUB_HTTP_HOST", "10.0.0.5"))).httpHost()).isEqualTo("10.0.0.5");
  }
}
