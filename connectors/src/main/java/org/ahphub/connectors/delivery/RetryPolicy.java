package org.ahphub.connectors.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Bounded retries with exponential backoff and jitter: before attempt {@code n + 1} the client waits
 * a random time between half and all of {@code min(maxBackoff, initialBackoff * 2^(n-1))}, so
 * retries from many importers do not arrive together.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration delay(int attempt, RandomGenerator random) {
    long initial = initialBackoff.toMillis();
    long ceiling = Math.min(maxBackoff.toMillis(), initial << Math.min(attempt - 1, 30));
    if (ceiling <= 0) {
      return Duration.ZERO;
    }
    long half = ceiling / 2;
    return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
  }
}
