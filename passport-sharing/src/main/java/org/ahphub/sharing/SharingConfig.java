package org.ahphub.sharing;

import org.ahphub.sharing.retention.Retention;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ahphub.platform.oidc.OidcSettings;
import org.ahphub.platform.config.Env;

/**
 * Settings for sharing passports: access control and webhooks.
 *
 * <ul>
 *   <li>{@code HUB_DEV_MODE} (false): allows http callback URLs and loopback/private addresses
 *   <li>{@code HUB_PUBLIC_URL} (required outside development mode; http://localhost:8081 in it): the mapper's
 *       public base URL, the credential issuer id
 *   <li>{@code HUB_KEY_ENCRYPTION_KEY} (required outside development mode): base64 of 32 bytes; encrypts signing
 *       keys and webhook secrets at rest (AES-256-GCM). Only in development mode may it be unset: a fixed
 *       development key is then used and a warning logged
 *   <li>{@code WEBHOOK_RETRY_BASE} (PT5S), {@code WEBHOOK_RETRY_MAX_DELAY} (PT12H), {@code WEBHOOK_RETRY_FOR} (P3D)
 *   <li>{@code WEBHOOK_CONNECT_TIMEOUT} (PT5S), {@code WEBHOOK_READ_TIMEOUT} (PT10S)
 *   <li>{@code WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT} (4), {@code WEBHOOK_DISPATCH} (true): whether this process
 *       queues and delivers webhooks
 *   <li>secrets ({@code HUB_KEY_ENCRYPTION_KEY}, {@code OIDC_CLIENT_SECRET}) may instead be read from the file named
 *       by {@code <NAME>_FILE} ({@link Env#secret})
 *   <li>{@code OIDC_ISSUER} (unset: learners sign in with operator-issued tokens only), {@code OIDC_CLIENT_ID},
 *       {@code OIDC_CLIENT_SECRET} (unset: a public client, PKCE alone), {@code OIDC_SCOPES}
 *       (openid email profile), {@code OIDC_REDIRECT_URI} ({@code HUB_PUBLIC_URL}/auth/oidc/callback)
 *   <li>{@code HUB_RETAIN_*}: how long webhook deliveries, audit entries and learner tokens are kept
 *       ({@link Retention.Settings})
 * </ul>
 * Outside development mode a process must refuse to start without the key and the URL: see {@link #requireSafe}.
 */
public record SharingConfig(boolean devMode, String keyEncryptionKey, Duration retryBase,
    Duration retryMaxDelay, Duration retryFor, Duration connectTimeout, Duration readTimeout,
    int maxInFlightPerEndpoint, boolean dispatch, Optional<OidcSettings> oidc, Retention.Settings retention) {

  public static SharingConfig fromEnv(Map<String, String> variables) {
    Env env = Env.of(variables);
    return new SharingConfig(
        env.bool("HUB_DEV_MODE", false),
        env.secret("HUB_KEY_ENCRYPTION_KEY", null),
        env.duration("WEBHOOK_RETRY_BASE", Duration.ofSeconds(5)),
        env.duration("WEBHOOK_RETRY_MAX_DELAY", Duration.ofHours(12)),
        env.duration("WEBHOOK_RETRY_FOR", Duration.ofDays(3)),
        env.duration("WEBHOOK_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
        env.duration("WEBHOOK_READ_TIMEOUT", Duration.ofSeconds(10)),
        env.integer("WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT", 4),
        env.bool("WEBHOOK_DISPATCH", true),
        OidcSettings.from(env, URI.create(env.string("HUB_PUBLIC_URL", "http://localhost:8081").replaceAll("/+$", "")
            + "/auth/oidc/callback")),
        Retention.Settings.fromEnv(env));
  }

  /**
   * What stops these variables from running a hub outside development mode: without
   * {@code HUB_KEY_ENCRYPTION_KEY} anyone could decrypt the signing key from the database and forge
   * credentials; without {@code HUB_PUBLIC_URL} credentials would name a localhost issuer. Empty in
   * development mode ({@code HUB_DEV_MODE=true}) or when both are set and well formed.
   */
  public static List<String> unsafeOutsideDevMode(Map<String, String> variables) {
    Env env = Env.of(variables);
    List<String> problems = new ArrayList<>();
    if (env.bool("HUB_DEV_MODE", false)) {
      return problems;
    }
    String key;
    try {
      key = env.secret("HUB_KEY_ENCRYPTION_KEY", null);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      key = "";
    }
    if (key == null) {
      problems.add("HUB_KEY_ENCRYPTION_KEY is not set: give base64 of 32 random bytes (e.g. `openssl rand -base64 32`);"
          + " it encrypts the credential signing key and webhook secrets in the database");
    } else if (!key.isEmpty() && !isBase64Of32Bytes(key)) {
      problems.add("HUB_KEY_ENCRYPTION_KEY must be base64 of 32 bytes");
    }
    String publicUrl = env.string("HUB_PUBLIC_URL", null);
    if (publicUrl == null) {
      problems.add("HUB_PUBLIC_URL is not set: give the passport service's public base URL (e.g."
          + " https://passports.example.org); it is the issuer of every credential");
    } else if (!isAbsoluteHttp(publicUrl)) {
      problems.add("HUB_PUBLIC_URL must be an absolute http(s) URL, got '" + publicUrl + "'");
    }
    return problems;
  }

  /**
   * Throws {@link IllegalStateException} naming every missing or malformed setting (see
   * {@link #unsafeOutsideDevMode}), unless development mode is on. Call before starting anything.
   */
  public static void requireSafe(Map<String, String> variables) {
    List<String> problems = unsafeOutsideDevMode(variables);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("refusing to start outside development mode: " + String.join("; ", problems)
          + ". (For a local trial only, set HUB_DEV_MODE=true.)");
    }
  }

  private static boolean isBase64Of32Bytes(String value) {
    try {
      return Base64.getDecoder().decode(value).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isAbsoluteHttp(String value) {
    try {
      URI uri = new URI(value);
      return uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
    } catch (Exception e) {
      return false;
    }
  }
}
