package org.ahphub.sharing.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CircuitPauseTest {

  @Test
  @DisplayName("the circuit's pause doubles with each opening from the retry base, and never exceeds a minute")
  void doublesUpToAMinute() {
    assertThat(WebhookDispatcherVerticle.circuitPause(5_000, 1)).isEqualTo(5_000);
    assertThat(WebhookDispatcherVerticle.circuitPause(5_000, 2)).isEqualTo(10_000);
    assertThat(WebhookDispatcherVerticle.circuitPause(5_000, 4)).isEqualTo(40_000);
    assertThat(WebhookDispatcherVerticle.circuitPause(5_000, 5)).isEqualTo(60_000);
    assertThat(WebhookDispatcherVerticle.circuitPause(5_000, 1_000)).isEqualTo(60_000);
    assertThat(WebhookDispatcherVerticle.circuitPause(1_000, 3)).isEqualTo(4_000);
  }
}
