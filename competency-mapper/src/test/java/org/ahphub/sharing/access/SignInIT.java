package org.ahphub.sharing.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.ahphub.mapper.SharingHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Learners sign in with OpenID Connect (authorization code + PKCE) against a real provider running in this JVM
 * (mock-oauth2-server), the browser played by a client that follows each redirect by hand.
 */
class SignInIT {

  private static final String ISSUER = "nhs-login";
  private static MockOAuth2Server provider;
  private static SharingHarness hub;
  private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    provider = new MockOAuth2Server();
    provider.start();
    hub = new SharingHarness(Map.of("OIDC_ISSUER", provider.issuerUrl(ISSUER).toString(),
        "OIDC_CLIENT_ID", "ahp-hub", "OIDC_CLIENT_SECRET", "hub-secret",
        "OIDC_REDIRECT_URI", "http://localhost:8081/auth/oidc/callback"));
  }

  @AfterAll
  static void stop() {
    hub.close();
    provider.shutdown();
  }

  /** The sign-in as a browser goes through it; the hub's last answer (its redirect back to the page). */
  private HttpResponse<Buffer> signIn(String subject, Map<String, Object> claims, String returnTo) throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT", List.of("ahp-hub"), claims, 3600));
    var login = hub.http.get(hub.mapper.port(), "localhost", "/auth/oidc/login")
        .addQueryParam("returnTo", returnTo).followRedirects(false).send().await();
    assertThat(login.statusCode()).isEqualTo(302);
    String cookie = login.cookies().get(0).split(";")[0];
    assertThat(login.cookies().get(0)).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    var atIssuer = browser.send(HttpRequest.newBuilder(URI.create(login.getHeader("Location"))).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(atIssuer.statusCode()).isEqualTo(302);
    Map<String, String> back = query(URI.create(atIssuer.headers().firstValue("Location").orElseThrow()));
    return hub.http.get(hub.mapper.port(), "localhost", "/auth/oidc/callback")
        .addQueryParam("code", back.get("code")).addQueryParam("state", back.get("state"))
        .putHeader("Cookie", cookie).followRedirects(false).send().await();
  }

  private static String token(HttpResponse<Buffer> callback) {
    assertThat(callback.statusCode()).as(callback.bodyAsString()).isEqualTo(302);
    String location = callback.getHeader("Location");
    assertThat(location).startsWith("/app/").contains("#token=lt_");
    return URLDecoder.decode(location.substring(location.indexOf("#token=") + 7), StandardCharsets.UTF_8);
  }

  private static String personOf(String token) {
    return hub.asLearner("GET", "/me", token, null).bodyAsJsonObject().getString("personId");
  }

  @Test
  @DisplayName("the page learns that sign-in is on; signing in with an e-mail address the issuer verified opens that person's passport, and the next sign-in finds them by subject")
  void verifiedEmailFindsThePerson() throws Exception {
    assertThat(hub.http.get(hub.mapper.port(), "localhost", "/auth/oidc").send().await().bodyAsJsonObject()
        .getBoolean("enabled")).isTrue();
    String email = "sam-" + UUID.randomUUID() + "@example.nhs.uk";
    String personId = hub.credit("mailto:" + email, "4.2");
    String subject = "nhs-" + UUID.randomUUID();

    String token = token(signIn(subject, Map.of("email", email, "email_verified", true), "/app/"));
    assertThat(personOf(token)).isEqualTo(personId);
    assertThat(hub.asLearner("GET", "/me/passport", token, null).statusCode()).isEqualTo(200);
    assertThat(hub.asLearner("GET", "/me/identifiers", token, null).bodyAsString()).contains(subject);

    String again = token(signIn(subject, Map.of(), "/app/#/me"));
    assertThat(personOf(again)).as("found by the issuer's subject, e-mail or not").isEqualTo(personId);
  }

  @Test
  @DisplayName("an e-mail address the issuer did not verify is not used: the sign-in gets a person of its own")
  void unverifiedEmailIsNotUsed() throws Exception {
    String email = "victim-" + UUID.randomUUID() + "@example.nhs.uk";
    String victim = hub.credit("mailto:" + email, "4.2");

    String token = token(signIn("attacker-" + UUID.randomUUID(), Map.of("email", email, "email_verified", false),
        "/app/"));
    assertThat(personOf(token)).isNotEqualTo(victim);
    assertThat(hub.asLearner("GET", "/me/passport", token, null).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("a callback without the browser's sign-in cookie, with another state, or with an issuer error is refused; returnTo never leaves the page")
  void refusedCallbacks() throws Exception {
    var login = hub.http.get(hub.mapper.port(), "localhost", "/auth/oidc/login")
        .addQueryParam("returnTo", "https://evil.example/").followRedirects(false).send().await();
    String cookie = login.cookies().get(0).split(";")[0];
    var withoutCookie = hub.http.get(hub.mapper.port(), "localhost", "/auth/oidc/callback")
        .addQueryParam("code", "x").addQueryParam("state", "y").followRedirects(false).send().await();
    assertThat(withoutCookie.statusCode()).isEqualTo(400);
    var otherState = hub.http.get(hub.mapper.port(), "localhost", "/auth/oidc/callback")
        .addQueryParam("code", "x").addQueryParam("state", "not-the-state").putHeader("Cookie", cookie)
        .followRedirects(false).send().await();
    assertThat(otherState.statusCode()).isEqualTo(400);
    var issuerError = hub.http.get(hub.mapper.port(), "localhost", "/auth/oidc/callback")
        .addQueryParam("error", "access_denied").putHeader("Cookie", cookie).followRedirects(false).send().await();
    assertThat(issuerError.statusCode()).isEqualTo(400);
    assertThat(issuerError.bodyAsJsonObject().getString("detail")).contains("access_denied");

    String token = token(signIn("open-redirect-" + UUID.randomUUID(), Map.of(), "//evil.example/app/"));
    assertThat(token).startsWith("lt_");
  }

  @Test
  @DisplayName("a learner signed in through OpenID Connect accepts an employer's proposal, and the employer then reads the passport")
  void signedInLearnerAccepts() throws Exception {
    String email = "accept-" + UUID.randomUUID() + "@example.nhs.uk";
    String personId = hub.credit("mailto:" + email, "5.6");
    var employer = hub.organisation("OIDC Trust " + UUID.randomUUID(), "passport:read", "person:link");
    String proposal = hub.as(employer, "POST", "/relationships", new JsonObject().put("kind", "employment")
        .put("agent", new JsonObject().put("mbox", "mailto:" + email))).bodyAsJsonObject().getString("id");
    assertThat(hub.as(employer, "GET", "/passports/" + personId, null).statusCode()).isEqualTo(404);

    String token = token(signIn("nhs-" + UUID.randomUUID(), Map.of("email", email, "email_verified", true), "/app/"));
    assertThat(hub.asLearner("POST", "/me/relationships/" + proposal + "/accept", token, null).statusCode())
        .isEqualTo(200);
    assertThat(hub.as(employer, "GET", "/passports/" + personId, null).statusCode()).isEqualTo(200);
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
}
