package org.ahphub.sharing.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt n waits base * 2^(n-1), capped at {@code maxDelay}, then
 * scaled by a random factor in [0.8, 1.2). After {@code retryFor} from the first attempt the message is
 * given up (dead-lettered). With the defaults (5 s base, 12 h cap, 3 days) that is about 20 attempts.
 */
public record RetrySchedule(Duration base, Duration maxDelay, Duration retryFor) {

  /** When to try again after {@code attempts} failed attempts, or empty to give up. */
  public Optional<Instant> next(int attempts, Instant retryFrom, Instant now, RandomGenerator random) {
    double exponential = base.toMillis() * Math.pow(2, Math.max(0, attempts - 1));
    double capped = Math.min(exponential, maxDelay.toMillis());
    long delay = (long) (capped * (0.8 + 0.4 * random.nextDouble()));
    Instant next = now.plusMillis(delay);
    return next.isAfter(retryFrom.plus(retryFor)) ? Optional.empty() : Optional.of(next);
  }
}
