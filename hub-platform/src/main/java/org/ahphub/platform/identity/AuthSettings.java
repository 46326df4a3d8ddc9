package org.ahphub.platform.identity;

import java.time.Duration;
import org.ahphub.platform.config.Env;

/**
 * Limits on failed credential checks ({@link BasicAuthenticator}).
 *
 * <ul>
 *   <li>{@code HUB_AUTH_FAILURES_PER_MINUTE} (20): failed checks allowed per client address and per key
 *       (a token bucket of that size refilled at that rate); beyond it every attempt from that address or
 *       for that key is answered 429 with {@code Retry-After} until the bucket refills. 0 turns the limit off.
 *   <li>{@code HUB_AUTH_FAILURE_MEMORY} (PT30S): how long a failed key and secret pair is remembered, so
 *       repeating it costs no PBKDF2 (it fails at once)
 * </ul>
 */
public record AuthSettings(int failuresPerMinute, Duration failureMemory, int sourcesTracked, int failuresRemembered) {

  public static AuthSettings defaults() {
    return new AuthSettings(20, Duration.ofSeconds(30), 10_000, 10_000);
  }

  public static AuthSettings fromEnv(Env env) {
    int perMinute = env.integer("HUB_AUTH_FAILURES_PER_MINUTE", 20);
    if (perMinute < 0) {
      throw new IllegalArgumentException("HUB_AUTH_FAILURES_PER_MINUTE must be 0 (no limit) or more, got " + perMinute);
    }
    return new AuthSettings(perMinute, env.duration("HUB_AUTH_FAILURE_MEMORY", Duration.ofSeconds(30)), 10_000, 10_000);
  }
}
