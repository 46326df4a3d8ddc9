package org.ahphub.platform.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP Basic credentials against the stored hashes. The slow hash is checked once per
 * credential and secret; afterwards a SHA-256 fingerprint cached for {@code CACHE_MILLIS} answers, so a
 * busy LRS does not spend its cores on PBKDF2 and a revoked credential stops working within a minute.
 */
public final class BasicAuthenticator {

  private static final long CACHE_MILLIS = 60_000;

  private record Cached(Principal principal, long expiresAt) {}

  private final Vertx vertx;
  private final CredentialStore store;
  private final Map<String, Cached> verified = new ConcurrentHashMap<>();

  public BasicAuthenticator(Vertx vertx, CredentialStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  public Future<Principal> authenticate(String authorizationHeader) {
    String[] keyAndSecret;
    try {
      keyAndSecret = parse(authorizationHeader);
    } catch (AuthenticationFailed e) {
      return Future.failedFuture(e);
    }
    String fingerprint = HexFormat.of().formatHex(Secrets.fingerprint(keyAndSecret[0], keyAndSecret[1]));
    Cached cached = verified.get(fingerprint);
    if (cached != null && cached.expiresAt() > System.currentTimeMillis()) {
      return Future.succeededFuture(cached.principal());
    }
    return store.find(keyAndSecret[0])
        .compose(found -> found
            .map(credential -> verify(credential, keyAndSecret[1]))
            .orElseGet(() -> Future.failedFuture(new AuthenticationFailed("unknown credentials"))))
        .onSuccess(principal -> verified.put(fingerprint, new Cached(principal, System.currentTimeMillis() + CACHE_MILLIS)));
  }

  /** Forgets cached verifications of a credential (after its secret was rotated or it was revoked). */
  public void forget(String key) {
    verified.values().removeIf(cached -> cached.principal().credentialKey().equals(key));
  }

  private Future<Principal> verify(CredentialStore.StoredCredential credential, String secret) {
    return vertx.executeBlocking(() -> Secrets.matches(secret, credential.secretHash()))
        .compose(matches -> matches
            ? Future.succeededFuture(credential.principal())
            : Future.failedFuture(new AuthenticationFailed("unknown credentials")));
  }

  private static String[] parse(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new AuthenticationFailed("HTTP Basic credentials are required");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationFailed("the Authorization header is not valid base64");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new AuthenticationFailed("Basic credentials must be key:secret");
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }
}
