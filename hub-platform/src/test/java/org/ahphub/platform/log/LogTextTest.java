package org.ahphub.platform.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  @DisplayName("a newline, a carriage return or another control character cannot start a forged log line")
  void controlCharactersAreEscaped() {
    String forged = "march.csv\n2026-12-06 21:00:00 INFO import 42 finished: 0 rows\r\u001b[2J\u0000";
    String safe = LogText.of(forged);
    assertThat(safe).doesNotContain("\n", "\r", "\u001b", "\u0000")
        .isEqualTo("march.csv\\n2026-12-06 21:00:00 INFO import 42 finished: 0 rows\\r\\u001b[2J\\u0000");
    assertThat(LogText.of("a\\nb")).as("a literal backslash-n stays tellable from a newline").isEqualTo("a\\\\nb");
  }

  @Test
  @DisplayName("long text is cut, saying how long it was; null is written as null")
  void longTextIsCut() {
    assertThat(LogText.of("x".repeat(10_000))).startsWith("x".repeat(200)).endsWith("…(10000 characters)");
    assertThat(LogText.of(null)).isEqualTo("null");
  }
}
