package org.ahphub.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written check vouches only for what java.time accepts, and takes the common shapes itself. */
class TimestampsTest {

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-22T08:06:44Z", "2026-11-22T08:06:44.123Z", "2026-11-22T08:06:44.123456789+01:00",
      "2024-02-29T23:59:59-05:30", "2000-02-29T00:00:00+18:00", "0000-02-29T00:00:00Z", "2026-12-31T00:00:00.5-18:00"})
  @DisplayName("common valid timestamps are taken without java.time")
  void commonValid(String text) {
    assertThat(Timestamps.isCommonAndValid(text)).isTrue();
    OffsetDateTime.parse(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
      "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z",
      "2026-01-01T00:00:60Z", "2026-01-01T00:00:00+18:01", "2026-01-01T00:00:00+19:00", "2026-01-01T00:00:00-00:00",
      "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01t00:00:00Z",
      "2026-01-01T00:00:00z", "2026-01-01T00:00Z", "2026-01-01T00:00:00+0100", "2026-01-01T00:00:00+01",
      "+2026-01-01T00:00:00Z", "2026-1-01T00:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00+01:00:00",
      "2026-01-01T0a:00:00Z", "2026-01-01T00:00:00+01:6a", "2026-01-01T00:00:00Z "})
  @DisplayName("anything else is left to java.time")
  void leftToJavaTime(String text) {
    assertThat(Timestamps.isCommonAndValid(text)).isFalse();
  }

  @Test
  @DisplayName("over many near-miss strings, whatever it takes java.time accepts too")
  void neverAcceptsWhatJavaTimeRejects() {
    Random random = new Random(7);
    String alphabet = "0123456789-:T.Z+z ";
    int taken = 0;
    for (int i = 0; i < 200_000; i++) {
      char[] text = "2024-02-29T23:59:59.123+05:30".toCharArray();
      for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
        text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String candidate = random.nextInt(4) == 0 ? new String(text, 0, 10 + random.nextInt(text.length - 9)) : new String(text);
      if (Timestamps.isCommonAndValid(candidate)) {
        taken++;
        try {
          OffsetDateTime.parse(candidate);
        } catch (DateTimeParseException e) {
          throw new AssertionError("took " + candidate + ", which java.time rejects", e);
        }
        assertThat(candidate).doesNotEndWith("-00:00");
      }
    }
    assertThat(taken).as("the near misses include valid ones too").isGreaterThan(1_000);
  }
}
