package org.ahphub.platform.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Checks HTTP Basic credentials against the stored hashes. The slow hash (PBKDF2) runs once per
 * credential and secret: the verification is cached under a SHA-256 fingerprint of the pair, and
 * requests arriving while it runs share it rather than each starting their own. Every
 * {@code CACHE_MILLIS} the credential is read again, so a revoked credential stops working within a
 * minute; while its stored hash is unchanged the secret still matches and PBKDF2 does not run again.
 */
public final class BasicAuthenticator {

  private static final long CACHE_MILLIS = 60_000;

  /** A verified credential, with the hash its secret was checked against. */
  private record Check(Principal principal, String secretHash) {}

  private record Entry(Future<Check> check, long checkAgainAt) {}

  private final Vertx vertx;
  private final CredentialStore store;
  private final Map<String, Entry> verified = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  public BasicAuthenticator(Vertx vertx, CredentialStore store) {
    this(vertx, store, System::currentTimeMillis);
  }

  BasicAuthenticator(Vertx vertx, CredentialStore store, LongSupplier clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  public Future<Principal> authenticate(String authorizationHeader) {
    String[] keyAndSecret;
    try {
      keyAndSecret = parse(authorizationHeader);
    } catch (AuthenticationFailed e) {
      return Future.failedFuture(e);
    }
    String fingerprint = HexFormat.of().formatHex(Secrets.fingerprint(keyAndSecret[0], keyAndSecret[1]));
    long now = clock.getAsLong();
    Entry entry = verified.compute(fingerprint, (f, current) ->
        current != null && (now < current.checkAgainAt() || !current.check().isComplete())
            ? current
            : new Entry(check(keyAndSecret[0], keyAndSecret[1], current), now + CACHE_MILLIS));
    return entry.check()
        .onFailure(e -> verified.remove(fingerprint, entry))
        .map(Check::principal);
  }

  /** Forgets cached verifications of a credential (after its secret was rotated or it was revoked). */
  public void forget(String key) {
    verified.values().removeIf(entry -> entry.check().succeeded()
        && entry.check().result().principal().credentialKey().equals(key));
  }

  private Future<Check> check(String key, String secret, Entry previous) {
    Check earlier = previous != null && previous.check().succeeded() ? previous.check().result() : null;
    return store.find(key).compose(found -> found
        .map(credential -> earlier != null && credential.secretHash().equals(earlier.secretHash())
            ? Future.succeededFuture(new Check(credential.principal(), credential.secretHash()))
            : verify(credential, secret))
        .orElseGet(() -> Future.failedFuture(new AuthenticationFailed("unknown credentials"))));
  }

  private Future<Check> verify(CredentialStore.StoredCredential credential, String secret) {
    return vertx.executeBlocking(() -> Secrets.matches(secret, credential.secretHash()))
        .compose(matches -> matches
            ? Future.succeededFuture(new Check(credential.principal(), credential.secretHash()))
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
