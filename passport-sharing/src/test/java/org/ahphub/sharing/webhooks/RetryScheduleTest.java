package org.ahphub.sharing.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private final RetrySchedule defaults = new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(12), Duration.ofDays(3));
  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  @DisplayName("delays double from the base with jitter within ±20% and are capped")
  void exponentialWithJitter() {
    Random random = new Random(1);
    for (int attempt = 1; attempt <= 30; attempt++) {
      double expected = Math.min(5_000 * Math.pow(2, attempt - 1), Duration.ofHours(12).toMillis());
      long delay = Duration.between(start, defaults.next(attempt, start, start, random).orElseThrow()).toMillis();
      assertThat((double) delay).isBetween(expected * 0.8, expected * 1.2);
    }
  }

  @Test
  @DisplayName("retries stop after three days from the first attempt: the message is dead-lettered")
  void givesUpAfterTheWindow() {
    Instant almostThreeDays = start.plus(Duration.ofDays(3)).minusSeconds(60);
    assertThat(defaults.next(20, start, almostThreeDays, new Random(2))).isEmpty();
    assertThat(defaults.next(3, start, start.plusSeconds(30), new Random(2))).isPresent();
  }

  @Test
  @DisplayName("the default schedule makes about twenty attempts over three days")
  void attemptsOverThreeDays() {
    Random random = new Random(3);
    Instant now = start;
    int attempts = 1;
    while (true) {
      var next = defaults.next(attempts, start, now, random);
      if (next.isEmpty()) {
        break;
      }
      now = next.get();
      attempts++;
    }
    assertThat(attempts).isBetween(14, 24);
  }
}
