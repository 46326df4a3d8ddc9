package org.ahphub.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private static String key(int fill) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) fill);
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  @DisplayName("a sealed secret opens with the same key, is not readable, and differs each time")
  void roundTrip() {
    SecretBox box = SecretBox.fromConfig(key(7));
    String sealed = box.seal("whsec_abc");
    assertThat(sealed).doesNotContain("whsec_abc").isNotEqualTo(box.seal("whsec_abc"));
    assertThat(box.open(sealed)).isEqualTo("whsec_abc");
  }

  @Test
  @DisplayName("another key cannot open it, and a malformed key fails start-up")
  void wrongKey() {
    String sealed = SecretBox.fromConfig(key(7)).seal("secret");
    assertThatThrownBy(() -> SecretBox.fromConfig(key(8)).open(sealed)).hasMessageContaining("HUB_KEY_ENCRYPTION_KEY");
    assertThatThrownBy(() -> SecretBox.fromConfig("c2hvcnQ=")).hasMessageContaining("32 bytes");
  }
}
