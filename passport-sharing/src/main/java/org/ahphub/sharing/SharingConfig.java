package org.ahphub.sharing;

import java.time.Duration;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.ahphub.platform.oidc.OidcSettings;
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
 *   <li>{@code OIDC_ISSUER} (unset: learners sign in with operator-issued tokens only), {@code OIDC_CLIENT_ID},
 *       {@code OIDC_CLIENT_SECRET} (unset: a public client, PKCE alone), {@code OIDC_SCOPES}
 *       (openid email profile), {@code OIDC_REDIRECT_URI} ({@code HUB_PUBLIC_URL}/auth/oidc/callback)
 * </ul>
 */
public record SharingConfig(boolean devMode, String keyEncryptionKey, Duration retryBase,
    Duration retryMaxDelay, Duration retryFor, Duration connectTimeout, Duration readTimeout,
    int maxInFlightPerEndpoint, boolean dispatch, Optional<OidcSettings> oidc) {

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
        env.bool("WEBHOOK_DISPATCH", true),
        OidcSettings.from(env, URI.create(env.string("HUB_PUBLIC_URL", "http://localhost:8081").replaceAll("/+$", "")
            + "/auth/oidc/callback")));
  }
}
