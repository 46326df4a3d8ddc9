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
