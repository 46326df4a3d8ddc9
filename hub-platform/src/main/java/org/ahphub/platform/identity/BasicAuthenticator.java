package org.ahphub.platform.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.ahphub.platform.config.Env;

/**
 * Checks HTTP Basic credentials against the stored hashes. The slow hash (PBKDF2) runs once per
 * credential and secret: the verification is cached under a SHA-256 fingerprint of the pair, and
 * requests arriving while it runs share it rather than each starting their own. Every
 * {@code CACHE_MILLIS} the credential is read again, so a revoked credential stops working within a
 * minute; while its stored hash is unchanged the secret still matches and PBKDF2 does not run again.
 *
 * <p>Failures say nothing about why and take the same time: an unknown key runs the same PBKDF2 (on a
 * worker, never the event loop) against a hash nothing matches, and hashes are compared in constant
 * time. A failed pair is remembered for {@link AuthSettings#failureMemory()} so repeating it fails at
 * once, without a PBKDF2. Failures are limited per client address and per key ({@link FailureLimiter});
 * beyond the limit every check from that address or for that key fails with {@link TooManyAttempts}
 * (429) until the bucket refills, except a pair already verified and cached. A key or secret with a NUL
 * or another control character, or not UTF-8, fails before the store is read.
 */
public final class BasicAuthenticator {

  private static final long CACHE_MILLIS = 60_000;
  static final int MAX_KEY_LENGTH = 256;
  static final int MAX_SECRET_LENGTH = 1024;

  /** The slow comparison; a seam so a test can see which thread runs it. */
  interface Hasher {
    boolean matches(String secret, String storedHash);

    boolean matchesNoCredential(String secret);
  }

  private static final Hasher PBKDF2 = new Hasher() {
    @Override
    public boolean matches(String secret, String storedHash) {
      return Secrets.matches(secret, storedHash);
    }

    @Override
    public boolean matchesNoCredential(String secret) {
      return Secrets.matchesNoCredential(secret);
    }
  };

  /** A verified credential, with the hash its secret was checked against. */
  private record Check(Principal principal, String secretHash) {}

  private record Entry(Future<Check> check, long checkAgainAt) {}

  private record Failure(String key, long forgetAt) {}

  private final Vertx vertx;
  private final CredentialStore store;
  private final Map<String, Entry> verified = new ConcurrentHashMap<>();
  private final Map<String, Failure> failed;
  private final FailureLimiter limiter;
  private final long failureMemoryMillis;
  private final LongSupplier clock;
  private final Hasher hasher;

  /** With the limits from the environment ({@link AuthSettings#fromEnv}). */
  public BasicAuthenticator(Vertx vertx, CredentialStore store) {
    this(vertx, store, AuthSettings.fromEnv(Env.system()));
  }

  public BasicAuthenticator(Vertx vertx, CredentialStore store, AuthSettings settings) {
    this(vertx, store, settings, System::currentTimeMillis, PBKDF2);
  }

  BasicAuthenticator(Vertx vertx, CredentialStore store, LongSupplier clock) {
    this(vertx, store, AuthSettings.defaults(), clock, PBKDF2);
  }

  BasicAuthenticator(Vertx vertx, CredentialStore store, AuthSettings settings, LongSupplier clock, Hasher hasher) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.hasher = hasher;
    this.limiter = new FailureLimiter(settings.failuresPerMinute(), settings.sourcesTracked());
    this.failureMemoryMillis = settings.failureMemory().toMillis();
    int remembered = settings.failuresRemembered();
    this.failed = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
        return size() > remembered;
      }
    });
  }

  /** As {@link #authenticate(String, String)} with failures limited per key only. */
  public Future<Principal> authenticate(String authorizationHeader) {
    return authenticate(authorizationHeader, null);
  }

  /**
   * The principal of these Basic credentials; fails with {@link AuthenticationFailed} (401) or its
   * subclass {@link TooManyAttempts} (429). {@code clientAddress} (the peer's IP address, may be null)
   * is limited like the key.
   */
  public Future<Principal> authenticate(String authorizationHeader, String clientAddress) {
    String[] keyAndSecret;
    try {
      keyAndSecret = parse(authorizationHeader);
    } catch (AuthenticationFailed e) {
      return Future.failedFuture(e);
    }
    String key = keyAndSecret[0];
    String fingerprint = HexFormat.of().formatHex(Secrets.fingerprint(key, keyAndSecret[1]));
    long now = clock.getAsLong();
    Entry cached = verified.get(fingerprint);
    if (cached != null && now < cached.checkAgainAt() && cached.check().succeeded()) {
      // Only the right secret can be here: no limit applies and nothing slow runs.
      return Future.succeededFuture(cached.check().result().principal());
    }
    String address = clientAddress == null ? null : "address:" + clientAddress;
    String keySource = "key:" + key;
    long waitMillis = Math.max(limiter.waitMillis(address, now), limiter.waitMillis(keySource, now));
    if (waitMillis > 0) {
      return Future.failedFuture(new TooManyAttempts(Math.max(1, (waitMillis + 999) / 1000)));
    }
    if (recentlyFailed(fingerprint, now)) {
      return failure(address, keySource, now);
    }
    boolean[] started = {false};
    Entry entry = verified.compute(fingerprint, (f, current) -> {
      if (current != null && (now < current.checkAgainAt() || !current.check().isComplete())) {
        return current;
      }
      started[0] = true;
      return new Entry(check(key, keyAndSecret[1], current), now + CACHE_MILLIS);
    });
    if (started[0]) {
      // A slow check takes a token before it runs, given back unless the credentials were wrong: concurrent
      // guesses from one source cannot start more PBKDF2 runs than the source has failures left.
      limiter.failed(address, now);
      limiter.failed(keySource, now);
    }
    return entry.check()
        .andThen(done -> {
          if (started[0] && (done.succeeded() || !(done.cause() instanceof AuthenticationFailed))) {
            limiter.refund(address);
            limiter.refund(keySource);
          }
        })
        .recover(e -> {
          verified.remove(fingerprint, entry);
          if (e instanceof AuthenticationFailed) {
            failed.put(fingerprint, new Failure(key, clock.getAsLong() + failureMemoryMillis));
            return started[0] ? Future.failedFuture(new AuthenticationFailed("unknown credentials"))
                : failure(address, keySource, clock.getAsLong());
          }
          return Future.failedFuture(e);
        })
        .map(Check::principal);
  }

  /** Forgets cached verifications and failures of a credential (after its secret was rotated or it was revoked). */
  public void forget(String key) {
    verified.values().removeIf(entry -> entry.check().succeeded()
        && entry.check().result().principal().credentialKey().equals(key));
    synchronized (failed) {
      failed.values().removeIf(failure -> failure.key().equals(key));
    }
  }

  private boolean recentlyFailed(String fingerprint, long now) {
    Failure failure = failed.get(fingerprint);
    if (failure == null) {
      return false;
    }
    if (now >= failure.forgetAt()) {
      failed.remove(fingerprint, failure);
      return false;
    }
    return true;
  }

  private <T> Future<T> failure(String address, String keySource, long now) {
    limiter.failed(address, now);
    limiter.failed(keySource, now);
    return Future.failedFuture(new AuthenticationFailed("unknown credentials"));
  }

  private Future<Check> check(String key, String secret, Entry previous) {
    Check earlier = previous != null && previous.check().succeeded() ? previous.check().result() : null;
    return store.find(key).compose(found -> found
        .map(credential -> earlier != null && credential.secretHash().equals(earlier.secretHash())
            ? Future.succeededFuture(new Check(credential.principal(), credential.secretHash()))
            : verify(credential, secret))
        .orElseGet(() -> vertx.<Boolean>executeBlocking(() -> hasher.matchesNoCredential(secret))
            .compose(never -> Future.failedFuture(new AuthenticationFailed("unknown credentials")))));
  }

  private Future<Check> verify(CredentialStore.StoredCredential credential, String secret) {
    return vertx.executeBlocking(() -> hasher.matches(secret, credential.secretHash()))
        .compose(matches -> matches
            ? Future.succeededFuture(new Check(credential.principal(), credential.secretHash()))
            : Future.failedFuture(new AuthenticationFailed("unknown credentials")));
  }

  private static String[] parse(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new AuthenticationFailed("HTTP Basic credentials are required");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(header.substring(6).trim());
    } catch (IllegalArgumentException e) {
      throw new AuthenticationFailed("the Authorization header is not valid base64");
    }
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new AuthenticationFailed("Basic credentials must be UTF-8");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new AuthenticationFailed("Basic credentials must be key:secret");
    }
    String key = decoded.substring(0, colon);
    String secret = decoded.substring(colon + 1);
    String keyProblem = Secrets.unusable(key, MAX_KEY_LENGTH);
    if (keyProblem != null) {
      throw new AuthenticationFailed("the Basic credentials' key " + keyProblem);
    }
    String secretProblem = Secrets.unusable(secret, MAX_SECRET_LENGTH);
    if (secretProblem != null) {
      throw new AuthenticationFailed("the Basic credentials' secret " + secretProblem);
    }
    return new String[] {key, secret};
  }
}
