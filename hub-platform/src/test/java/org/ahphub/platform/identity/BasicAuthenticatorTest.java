package org.ahphub.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HTTP Basic authentication: PBKDF2 once per secret, revocation within a minute")
class BasicAuthenticatorTest {

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Principal principal = new Principal("key-1", UUID.randomUUID(), "Trust", "https://trust.example",
      Set.of("all"));

  /** An in-memory credential table that counts how often it is read. */
  private static final class Credentials implements CredentialStore {
    final AtomicInteger reads = new AtomicInteger();
    volatile StoredCredential credential;

    @Override
    public Future<Optional<StoredCredential>> find(String key) {
      reads.incrementAndGet();
      StoredCredential current = credential;
      return Future.succeededFuture(Optional.ofNullable(current).filter(c -> c.key().equals(key)));
    }

    @Override
    public Future<UUID> ensure(String organisationName, String homePage, String key, String secret,
        Set<String> scopes) {
      throw new UnsupportedOperationException();
    }
  }

  private final Credentials credentials = new Credentials();
  private final BasicAuthenticator authenticator = new BasicAuthenticator(vertx, credentials, now::get);

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  @DisplayName("concurrent requests with a new secret share one verification; later ones use the cache")
  void concurrentRequestsShareOneVerification() {
    credentials.credential = new CredentialStore.StoredCredential("key-1", Secrets.hash("s3cret"), principal);
    List<Future<Principal>> requests = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      requests.add(authenticator.authenticate(basic("key-1", "s3cret")));
    }
    requests.forEach(r -> assertThat(await(r)).isEqualTo(principal));
    await(authenticator.authenticate(basic("key-1", "s3cret")));

    assertThat(credentials.reads).hasValue(1);
  }

  @Test
  @DisplayName("a wrong secret fails, is not remembered, and does not spoil the right one")
  void wrongSecretFails() {
    credentials.credential = new CredentialStore.StoredCredential("key-1", Secrets.hash("s3cret"), principal);

    assertThatThrownBy(() -> await(authenticator.authenticate(basic("key-1", "guess")))).hasMessageContaining(
        "unknown credentials");
    assertThatThrownBy(() -> await(authenticator.authenticate(basic("key-1", "guess")))).hasMessageContaining(
        "unknown credentials");
    assertThat(await(authenticator.authenticate(basic("key-1", "s3cret")))).isEqualTo(principal);
    assertThatThrownBy(() -> await(authenticator.authenticate(basic("nobody", "s3cret")))).hasMessageContaining(
        "unknown credentials");
  }

  @Test
  @DisplayName("after a minute the credential is read again: revoked or rotated stops working, unchanged goes on")
  void credentialIsCheckedAgainAfterAMinute() {
    credentials.credential = new CredentialStore.StoredCredential("key-1", Secrets.hash("s3cret"), principal);
    await(authenticator.authenticate(basic("key-1", "s3cret")));

    now.addAndGet(61_000);
    assertThat(await(authenticator.authenticate(basic("key-1", "s3cret")))).isEqualTo(principal);
    assertThat(credentials.reads).hasValue(2);

    credentials.credential = new CredentialStore.StoredCredential("key-1", Secrets.hash("rotated"), principal);
    assertThat(await(authenticator.authenticate(basic("key-1", "s3cret")))).as("cached for up to a minute")
        .isEqualTo(principal);
    now.addAndGet(61_000);
    assertThatThrownBy(() -> await(authenticator.authenticate(basic("key-1", "s3cret")))).hasMessageContaining(
        "unknown credentials");
    assertThat(await(authenticator.authenticate(basic("key-1", "rotated")))).isEqualTo(principal);

    credentials.credential = null;
    authenticator.forget("key-1");
    assertThatThrownBy(() -> await(authenticator.authenticate(basic("key-1", "rotated")))).hasMessageContaining(
        "unknown credentials");
  }

  @Test
  @DisplayName("a malformed Authorization header fails without reading the store")
  void malformedHeader() {
    assertThatThrownBy(() -> await(authenticator.authenticate("Bearer abc"))).hasMessageContaining("Basic");
    assertThatThrownBy(() -> await(authenticator.authenticate("Basic !!!"))).hasMessageContaining("base64");
    assertThat(credentials.reads).hasValue(0);
  }

  @Test
  @DisplayName("a NUL or another control character in the key or secret is refused with 401 before the store is read")
  void controlCharactersAreRefused() {
    for (String header : List.of(basic("key\u00001", "s3cret"), basic("key-1", "s3\u0000cret"),
        basic("key-1", "s3cret\nforged log line"), basic("key\u007f", "x"))) {
      assertThatThrownBy(() -> await(authenticator.authenticate(header)))
          .isInstanceOf(IllegalStateException.class).hasCauseExactlyInstanceOf(AuthenticationFailed.class)
          .hasMessageContaining("control character");
    }
    String notUtf8 = "Basic " + Base64.getEncoder().encodeToString(new byte[] {'k', ':', (byte) 0xc3, (byte) 0x28});
    assertThatThrownBy(() -> await(authenticator.authenticate(notUtf8))).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> await(authenticator.authenticate(basic("k".repeat(300), "x")))).hasMessageContaining(
        "longer than");
    assertThat(credentials.reads).hasValue(0);
  }

  /** Counts the slow comparisons and notes whether any ran on an event loop. */
  private static final class CountingHasher implements BasicAuthenticator.Hasher {
    final AtomicInteger known = new AtomicInteger();
    final AtomicInteger unknown = new AtomicInteger();
    final List<Boolean> onEventLoop = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public boolean matches(String secret, String storedHash) {
      known.incrementAndGet();
      onEventLoop.add(io.vertx.core.Context.isOnEventLoopThread());
      return Secrets.matches(secret, storedHash);
    }

    @Override
    public boolean matchesNoCredential(String secret) {
      unknown.incrementAndGet();
      onEventLoop.add(io.vertx.core.Context.isOnEventLoopThread());
      return Secrets.matchesNoCredential(secret);
    }
  }

  private BasicAuthenticator limited(int failuresPerMinute, CountingHasher hasher) {
    return new BasicAuthenticator(vertx, credentials,
        new AuthSettings(failuresPerMinute, java.time.Duration.ofSeconds(30), 100, 100), now::get, hasher);
  }

  @Test
  @DisplayName("an unknown key costs the same PBKDF2 as a wrong secret, on a worker thread, never the event loop")
  void unknownKeyRunsTheSameHashOffTheEventLoop() {
    credentials.credential = new CredentialStore.StoredCredential("key-1", Secrets.hash("s3cret"), principal);
    CountingHasher hasher = new CountingHasher();
    BasicAuthenticator checked = limited(0, hasher);
    // Called from an event loop, as a route handler would.
    io.vertx.core.Context context = vertx.getOrCreateContext();
    java.util.function.Function<String, Future<Principal>> fromEventLoop = header -> {
      io.vertx.core.Promise<Principal> promise = io.vertx.core.Promise.promise();
      context.runOnContext(v -> checked.authenticate(header, "192.0.2.1").onComplete(promise));
      return promise.future();
    };

    assertThatThrownBy(() -> await(fromEventLoop.apply(basic("nobody", "s3cret")))).hasMessageContaining(
        "unknown credentials");
    assertThatThrownBy(() -> await(fromEventLoop.apply(basic("key-1", "guess")))).hasMessageContaining(
        "unknown credentials");
    assertThat(await(fromEventLoop.apply(basic("key-1", "s3cret")))).isEqualTo(principal);

    assertThat(hasher.unknown).as("PBKDF2 against a dummy hash for the unknown key").hasValue(1);
    assertThat(hasher.known).hasValue(2);
    assertThat(hasher.onEventLoop).hasSize(3).containsOnly(false);
  }

  @Test
  @DisplayName("a failed key and secret are remembered for a while: repeating them costs no PBKDF2 and no read")
  void repeatedFailuresAreCached() {
    credentials.credential = new CredentialStore.StoredCredential("key-1", Secrets.hash("s3cret"), principal);
    CountingHasher hasher = new CountingHasher();
    BasicAuthenticator checked = limited(0, hasher);
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> await(checked.authenticate(basic("key-1", "guess"), "192.0.2.1")))
          .hasMessageContaining("unknown credentials");
      assertThatThrownBy(() -> await(checked.authenticate(basic("nobody", "guess"), "192.0.2.1")))
          .hasMessageContaining("unknown credentials");
    }
    assertThat(hasher.known).hasValue(1);
    assertThat(hasher.unknown).hasValue(1);
    assertThat(credentials.reads).hasValue(2);
    assertThat(await(checked.authenticate(basic("key-1", "s3cret"), "192.0.2.1"))).isEqualTo(principal);

    now.addAndGet(31_000);
    assertThatThrownBy(() -> await(checked.authenticate(basic("key-1", "guess"), "192.0.2.1")))
        .hasMessageContaining("unknown credentials");
    assertThat(hasher.known).as("checked again once the failure is forgotten").hasValue(3);
  }

  @Test
  @DisplayName("beyond the failures allowed per minute, an address or a key gets 429 with a retry time until it refills")
  void failuresAreRateLimitedPerAddressAndPerKey() {
    credentials.credential = new CredentialStore.StoredCredential("key-1", Secrets.hash("s3cret"), principal);
    BasicAuthenticator checked = limited(3, new CountingHasher());
    await(checked.authenticate(basic("key-1", "s3cret"), "192.0.2.9"));
    for (int i = 0; i < 3; i++) {
      String guess = "guess-" + i;
      assertThatThrownBy(() -> await(checked.authenticate(basic("other-" + guess, guess), "192.0.2.1")))
          .hasCauseExactlyInstanceOf(AuthenticationFailed.class);
    }
    assertThatThrownBy(() -> await(checked.authenticate(basic("another", "x"), "192.0.2.1")))
        .hasCauseInstanceOf(TooManyAttempts.class)
        .satisfies(e -> {
          TooManyAttempts limited = (TooManyAttempts) e.getCause();
          assertThat(limited.status()).isEqualTo(429);
          assertThat(limited.retryAfterSeconds()).isEqualTo(20);
        });
    assertThat(await(checked.authenticate(basic("key-1", "s3cret"), "192.0.2.1")))
        .as("a pair already verified is not limited").isEqualTo(principal);
    assertThatThrownBy(() -> await(checked.authenticate(basic("another", "x"), "192.0.2.2")))
        .as("another address is not limited").hasCauseExactlyInstanceOf(AuthenticationFailed.class);

    // Per key: guesses for one key from many addresses.
    for (int i = 0; i < 2; i++) {
      String guess = "guess-" + i;
      assertThatThrownBy(() -> await(checked.authenticate(basic("key-1", guess), "198.51.100." + guess.length())))
          .hasCauseExactlyInstanceOf(AuthenticationFailed.class);
    }
    assertThatThrownBy(() -> await(checked.authenticate(basic("key-1", "guess-9"), "203.0.113.7")))
        .hasCauseExactlyInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(() -> await(checked.authenticate(basic("key-1", "guess-10"), "203.0.113.8")))
        .hasCauseInstanceOf(TooManyAttempts.class);

    now.addAndGet(20_000);
    assertThatThrownBy(() -> await(checked.authenticate(basic("another", "y"), "192.0.2.1")))
        .as("one failure allowed again after 20 s").hasCauseExactlyInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(() -> await(checked.authenticate(basic("another", "z"), "192.0.2.1")))
        .hasCauseInstanceOf(TooManyAttempts.class);
  }

  @Test
  @DisplayName("concurrent guesses from one address start no more slow checks than the failures it has left")
  void concurrentGuessesAreBounded() {
    credentials.credential = new CredentialStore.StoredCredential("key-1", Secrets.hash("s3cret"), principal);
    CountingHasher hasher = new CountingHasher();
    BasicAuthenticator checked = limited(3, hasher);
    List<Future<Principal>> guesses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      guesses.add(checked.authenticate(basic("guess-key-" + i, "guess-" + i), "192.0.2.1"));
    }
    long limited = guesses.stream().filter(g -> {
      try {
        await(g);
        return false;
      } catch (IllegalStateException e) {
        return e.getCause() instanceof TooManyAttempts;
      }
    }).count();
    assertThat(hasher.known.get() + hasher.unknown.get()).isEqualTo(3);
    assertThat(limited).isEqualTo(9);
    assertThat(await(checked.authenticate(basic("key-1", "s3cret"), "192.0.2.2"))).isEqualTo(principal);
  }

  @Test
  @DisplayName("an unknown key and a known key with a wrong secret take the same time (medians within a factor of 2)")
  void unknownAndWrongTakeTheSameTime() {
    credentials.credential = new CredentialStore.StoredCredential("key-1", Secrets.hash("s3cret"), principal);
    BasicAuthenticator checked = new BasicAuthenticator(vertx, credentials,
        new AuthSettings(0, java.time.Duration.ofSeconds(30), 100, 100));
    await(checked.authenticate(basic("warm-up", "x")).recover(e -> Future.succeededFuture()));
    long[] medians = CredentialTiming.medianNanos(checked, i -> basic("nobody-" + i, "guess-" + i),
        i -> basic("key-1", "guess-" + i), 21);
    long unknown = medians[0];
    long wrong = medians[1];
    assertThat((double) unknown / wrong).as("unknown %d ns, wrong secret %d ns", unknown, wrong).isBetween(0.5, 2.0);
  }

  private static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
