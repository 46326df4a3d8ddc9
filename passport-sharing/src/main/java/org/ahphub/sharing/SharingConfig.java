package org.ahphub.sharing;

import java.time.Duration;
import java.util.Map;
import org.ahphub.platform.config.Env;

/**
 * Settings for sharing passports: access control and webhooks.
 *
 * <ul>
 *   <li>{@code HUB_DEV_MODE} (false): allows http callback URLs and loopback/private addresses
 *   <li>{@code HUB_KEY_ENCRYPTION_KEY} (unset): base64 of 32 bytes; encrypts webhook secrets at rest
 *       (AES-256-GCM). Unset: a fixed development key is used and a warning logged
 *   <li>{@code WEBHOOK_RETRY_BASE} (PT5S), {@code WEBHOOK_RETRY_MAX_DELAY} (PT12H), {@code WEBHOOK_RETRY_FOR} (P3D)
 *   <li>{@code WEBHOOK_CONNECT_TIMEOUT} (PT5S), {@code WEBHOOK_READ_TIMEOUT} (PT10S)
 *   <li>{@code WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT} (4), {@code WEBHOOK_DISPATCH} (true): whether this process
 *       queues and delivers webhooks
 * </ul>
 */
public record SharingConfig(boolean devMode, String keyEncryptionKey, Duration retryBase,
    Duration retryMaxDelay, Duration retryFor, Duration connectTimeout, Duration readTimeout,
    int maxInFlightPerEndpoint, boolean dispatch) {

  public static SharingConfig fromEnv(Map<String, String> variables) {
    Env env = Env.of(variables);
    return new SharingConfig(
        env.bool("HUB_DEV_MODE", false),
        env.string("HUB_KEY_ENCRYPTION_KEY", null),
        env.duration("WEBHOOK_RETRY_BASE", Duration.ofSeconds(5)),
        env.duration("WEBHOOK_RETRY_MAX_DELAY", Duration.ofHours(12)),
        env.duration("WEBHOOK_RETRY_FOR", Duration.ofDays(3)),
        env.duration("WEBHOOK_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
        env.duration("WEBHOOK_READ_TIMEOUT", Duration.ofSeconds(10)),
        env.integer("WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT", 4),
        env.bool("WEBHOOK_DISPATCH", true));
  }
}
