package org.ahphub.platform.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sign-in against a real OpenID Connect provider running in this JVM (mock-oauth2-server). */
class OidcSignInIT {

  private static final String ISSUER_ID = "nhs-login";
  private static final URI REDIRECT = URI.create("http://127.0.0.1:8081/auth/oidc/callback");
  private static final byte[] COOKIE_KEY = "a test key of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8);

  private static MockOAuth2Server provider;
  private static Vertx vertx;
  private static OidcSignIn signIn;
  private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    provider = new MockOAuth2Server();
    provider.start();
    vertx = Vertx.vertx();
    signIn = OidcSignIn.discover(vertx, settings(), Clock.systemUTC()).toCompletionStage().toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    signIn.close();
    vertx.close();
    provider.shutdown();
  }

  private static OidcSettings settings() {
    return new OidcSettings(provider.issuerUrl(ISSUER_ID).uri(), "ahp-hub", Optional.of("hub-secret"), REDIRECT,
        List.of("openid", "email", "profile"));
  }

  @Test
  @DisplayName("the authorization request carries state, nonce and an S256 PKCE challenge of the kept verifier")
  void authorizationRequest() {
    OidcSignIn.Authorization authorization = signIn.begin("/app/");
    Map<String, String> query = query(authorization.redirectTo());
    assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", "ahp-hub")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("state", authorization.pending().state())
        .containsEntry("nonce", authorization.pending().nonce())
        .containsEntry("code_challenge", OidcSignIn.challenge(authorization.pending().codeVerifier()));
    assertThat(authorization.pending().codeVerifier()).hasSizeGreaterThanOrEqualTo(43);
  }

  @Test
  @DisplayName("a completed sign-in names the issuer's subject and the e-mail address only when it is verified")
  void completesWithVerifiedEmail() throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "nhs-9000000009", "JWT", List.of("ahp-hub"),
        Map.of("email", "sam@example.org", "email_verified", true, "name", "Sam Smith"), 3600));
    OidcSignIn.Authorization authorization = signIn.begin("/app/");
    Map<String, String> callback = followAuthorization(authorization);

    VerifiedIdentity identity = await(signIn.complete(callback.get("code"), callback.get("state"),
        authorization.pending()));

    assertThat(identity.subject()).isEqualTo("nhs-9000000009");
    assertThat(identity.issuer()).isEqualTo(provider.issuerUrl(ISSUER_ID).toString().replaceAll("/+$", ""));
    assertThat(identity.verifiedEmail()).contains("sam@example.org");
    assertThat(identity.name()).contains("Sam Smith");
  }

  @Test
  @DisplayName("an e-mail address the issuer did not verify is not taken")
  void unverifiedEmailIgnored() throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-2", "JWT", List.of("ahp-hub"),
        Map.of("email", "someone-else@example.org", "email_verified", false), 3600));
    OidcSignIn.Authorization authorization = signIn.begin("/app/");
    Map<String, String> callback = followAuthorization(authorization);

    VerifiedIdentity identity = await(signIn.complete(callback.get("code"), callback.get("state"),
        authorization.pending()));

    assertThat(identity.verifiedEmail()).isEmpty();
  }

  @Test
  @DisplayName("a callback whose state is not the one this browser started is refused before the code is used")
  void stateMismatchRefused() throws Exception {
    OidcSignIn.Authorization mine = signIn.begin("/app/");
    OidcSignIn.Authorization theirs = signIn.begin("/app/");
    Map<String, String> callback = followAuthorization(theirs);

    assertThatThrownBy(() -> await(signIn.complete(callback.get("code"), callback.get("state"), mine.pending())))
        .hasCauseInstanceOf(SignInFailed.class);
  }

  @Test
  @DisplayName("an ID token for another client, with another nonce, expired or from another issuer is refused")
  void foreignTokensRefused() {
    String forOtherClient = mint(ISSUER_ID, List.of("another-app"), Map.of("nonce", "n-1"), 3600);
    String otherNonce = mint(ISSUER_ID, List.of("ahp-hub"), Map.of("nonce", "n-2"), 3600);
    String expired = mint(ISSUER_ID, List.of("ahp-hub"), Map.of("nonce", "n-1"), -600);
    String otherIssuer = mint("another-issuer", List.of("ahp-hub"), Map.of("nonce", "n-1"), 3600);

    for (String token : List.of(forOtherClient, otherNonce, expired, otherIssuer)) {
      assertThatThrownBy(() -> await(signIn.verify(token, "n-1"))).hasCauseInstanceOf(SignInFailed.class);
    }
    assertThat(signIn.verify(mint(ISSUER_ID, List.of("ahp-hub"), Map.of("nonce", "n-1"), 3600), "n-1")
        .succeeded()).isTrue();
  }

  private static String mint(String issuerId, List<String> audience, Map<String, Object> claims, long expirySeconds) {
    return provider.issueToken(issuerId, "ahp-hub", new DefaultOAuth2TokenCallback(issuerId, "subject-4", "JWT",
        audience, claims, expirySeconds)).serialize();
  }

  @Test
  @DisplayName("a code exchanged with another verifier (PKCE) is refused by the issuer")
  void wrongVerifierRefused() throws Exception {
    OidcSignIn.Authorization authorization = signIn.begin("/app/");
    Map<String, String> callback = followAuthorization(authorization);
    PendingSignIn tampered = new PendingSignIn(authorization.pending().state(), authorization.pending().nonce(),
        "another-verifier-another-verifier-another-verifier", "/app/", authorization.pending().expiresAt());

    assertThatThrownBy(() -> await(signIn.complete(callback.get("code"), callback.get("state"), tampered)))
        .hasCauseInstanceOf(SignInFailed.class);
  }

  @Test
  @DisplayName("the pending sign-in survives its cookie only unaltered and unexpired")
  void pendingCookie() {
    PendingSignIn pending = signIn.begin("/app/#passport").pending();
    String sealed = pending.seal(COOKIE_KEY);

    assertThat(PendingSignIn.open(sealed, COOKIE_KEY, Instant.now())).contains(pending);
    assertThat(PendingSignIn.open(sealed, "another key of thirty-two bytes!".getBytes(StandardCharsets.UTF_8),
        Instant.now())).isEmpty();
    assertThat(PendingSignIn.open(sealed.replace('.', 'x'), COOKIE_KEY, Instant.now())).isEmpty();
    char last = sealed.charAt(sealed.length() - 1);
    assertThat(PendingSignIn.open(sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A'), COOKIE_KEY,
        Instant.now())).isEmpty();
    assertThat(PendingSignIn.open(sealed, COOKIE_KEY, pending.expiresAt().plusSeconds(1))).isEmpty();
    assertThat(PendingSignIn.open(null, COOKIE_KEY, Instant.now())).isEmpty();
  }

  /** What a browser does: follow the authorization URL to the issuer, which redirects back with code and state. */
  private Map<String, String> followAuthorization(OidcSignIn.Authorization authorization) throws Exception {
    HttpResponse<String> response = browser.send(HttpRequest.newBuilder(authorization.redirectTo()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(302);
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertThat(location.getPath()).isEqualTo(REDIRECT.getPath());
    return query(location);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> values = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
