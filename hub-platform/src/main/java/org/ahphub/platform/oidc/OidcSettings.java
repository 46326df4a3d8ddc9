package org.ahphub.platform.oidc;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.ahphub.platform.config.Env;

/**
 * Where learners sign in: an OpenID Connect issuer (NHS login, NHS CIS2, Entra ID, …) and this hub's client
 * registration with it. Absent when {@code OIDC_ISSUER} is not set: learners then use operator-issued tokens only.
 *
 * @param issuer the issuer identifier; discovery is read from {@code issuer/.well-known/openid-configuration}
 * @param clientSecret empty for a public client (PKCE alone); otherwise sent as HTTP Basic to the token endpoint
 * @param redirectUri this hub's callback, registered with the issuer
 */
public record OidcSettings(URI issuer, String clientId, Optional<String> clientSecret, URI redirectUri,
    List<String> scopes) {

  public OidcSettings {
    if (!"https".equals(issuer.getScheme()) && !isLoopback(issuer)) {
      throw new IllegalArgumentException("OIDC_ISSUER must be an https URL (http only on loopback), got " + issuer);
    }
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("OIDC_CLIENT_ID is required when OIDC_ISSUER is set");
    }
    if (!scopes.contains("openid")) {
      throw new IllegalArgumentException("OIDC_SCOPES must include openid, got " + scopes);
    }
  }

  /** Reads {@code OIDC_*}; {@code defaultRedirect} is the hub's own callback under its public URL. */
  public static Optional<OidcSettings> from(Env env, URI defaultRedirect) {
    String issuer = env.string("OIDC_ISSUER", "");
    if (issuer.isEmpty()) {
      return Optional.empty();
    }
    String secret = env.secret("OIDC_CLIENT_SECRET", "");
    return Optional.of(new OidcSettings(URI.create(issuer), env.string("OIDC_CLIENT_ID", ""),
        secret.isEmpty() ? Optional.empty() : Optional.of(secret),
        URI.create(env.string("OIDC_REDIRECT_URI", defaultRedirect.toString())),
        List.of(env.string("OIDC_SCOPES", "openid email profile").split("\\s+"))));
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return "http".equals(uri.getScheme())
        && ("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host));
  }
}
