package org.ahphub.platform.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OpenID Connect sign-in with the authorization code flow and PKCE (S256), as a confidential or public client.
 * The issuer's metadata and keys are read at start and the keys again when an unknown {@code kid} appears
 * (a key rotation), at most once a minute. ID tokens are checked for signature, issuer, audience, expiry and
 * nonce before anyone is signed in.
 */
public final class OidcSignIn {

  private static final Duration PENDING_FOR = Duration.ofMinutes(10);
  private static final Duration KEY_REFRESH_GAP = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

  private final OidcSettings settings;
  private final HttpClient http;
  private final Clock clock;
  private final URI authorizationEndpoint;
  private final URI tokenEndpoint;
  private final URI jwksUri;
  private volatile JWKSet keys;
  private volatile long keysReadAt;

  private OidcSignIn(OidcSettings settings, HttpClient http, Clock clock, JsonObject metadata, JWKSet keys) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    this.authorizationEndpoint = URI.create(metadata.getString("authorization_endpoint"));
    this.tokenEndpoint = URI.create(metadata.getString("token_endpoint"));
    this.jwksUri = URI.create(metadata.getString("jwks_uri"));
    this.keys = keys;
    this.keysReadAt = clock.millis();
  }

  /** Reads the issuer's discovery document and keys; fails when the document names another issuer. */
  public static Future<OidcSignIn> discover(Vertx vertx, OidcSettings settings, Clock clock) {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000)
        .setIdleTimeout(30).setKeepAlive(true));
    String base = settings.issuer().toString().replaceAll("/+$", "");
    return getJson(http, URI.create(base + "/.well-known/openid-configuration"))
        .compose(metadata -> {
          if (!base.equals(metadata.getString("issuer", "").replaceAll("/+$", ""))) {
            return Future.failedFuture(new IllegalStateException("the discovery document at " + base
                + " names issuer " + metadata.getString("issuer") + ", not " + base));
          }
          return getJson(http, URI.create(metadata.getString("jwks_uri")))
              .map(jwks -> new OidcSignIn(settings, http, clock, metadata, parseKeys(jwks)));
        });
  }

  /** A new sign-in: where to send the browser, and what to keep (sealed in a cookie) until the callback. */
  public Authorization begin(String returnTo) {
    PendingSignIn pending = new PendingSignIn(random(), random(), random() + random(), returnTo,
        clock.instant().plus(PENDING_FOR).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", settings.clientId());
    query.put("redirect_uri", settings.redirectUri().toString());
    query.put("scope", String.join(" ", settings.scopes()));
    query.put("state", pending.state());
    query.put("nonce", pending.nonce());
    query.put("code_challenge", challenge(pending.codeVerifier()));
    query.put("code_challenge_method", "S256");
    String separator = authorizationEndpoint.getRawQuery() == null ? "?" : "&";
    return new Authorization(URI.create(authorizationEndpoint + separator + form(query)), pending);
  }

  public record Authorization(URI redirectTo, PendingSignIn pending) {}

  /** Exchanges the code, checks the ID token against the pending sign-in, and says who signed in. */
  public Future<VerifiedIdentity> complete(String code, String state, PendingSignIn pending) {
    if (code == null || code.isBlank() || state == null || !MessageDigest.isEqual(
        state.getBytes(StandardCharsets.UTF_8), pending.state().getBytes(StandardCharsets.UTF_8))) {
      return Future.failedFuture(new SignInFailed("the sign-in does not match the one this browser started"));
    }
    return exchange(code, pending).compose(idToken -> verify(idToken, pending.nonce()));
  }

  private Future<String> exchange(String code, PendingSignIn pending) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", settings.redirectUri().toString());
    body.put("code_verifier", pending.codeVerifier());
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(tokenEndpoint.toString())
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .putHeader("Accept", "application/json");
    if (settings.clientSecret().isPresent()) {
      request.putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (urlEncode(settings.clientId()) + ":" + urlEncode(settings.clientSecret().get()))
              .getBytes(StandardCharsets.UTF_8)));
    } else {
      body.put("client_id", settings.clientId());
    }
    return http.request(request)
        .compose(req -> req.send(Buffer.buffer(form(body))))
        .compose(response -> response.body().map(buffer -> {
          if (response.statusCode() != 200) {
            throw new SignInFailed("the issuer refused the authorization code (HTTP " + response.statusCode() + ")");
          }
          String idToken = new JsonObject(buffer).getString("id_token");
          if (idToken == null) {
            throw new SignInFailed("the issuer's token response carries no id_token");
          }
          return idToken;
        }));
  }

  /** Checks an ID token as the token endpoint returned it; package-private for tests that mint their own. */
  Future<VerifiedIdentity> verify(String idToken, String nonce) {
    String keyId;
    try {
      keyId = SignedJWT.parse(idToken).getHeader().getKeyID();
    } catch (ParseException e) {
      return Future.failedFuture(new SignInFailed("the ID token cannot be read: " + e.getMessage()));
    }
    JWKSet current = keys;
    if (keyId != null && current.getKeyByKeyId(keyId) == null) {
      return refreshKeys().map(refreshed -> verifyWith(refreshed, idToken, nonce));
    }
    try {
      return Future.succeededFuture(verifyWith(current, idToken, nonce));
    } catch (SignInFailed e) {
      return Future.failedFuture(e);
    }
  }

  private VerifiedIdentity verifyWith(JWKSet jwks, String idToken, String nonce) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(jwks)));
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(settings.clientId(),
        new JWTClaimsSet.Builder().issuer(settings.issuer().toString().replaceAll("/+$", ""))
            .claim("nonce", nonce).build(),
        Set.of("sub", "exp", "iat")));
    JWTClaimsSet claims;
    try {
      claims = processor.process(idToken, null);
    } catch (BadJOSEException e) {
      throw new SignInFailed("the ID token does not check out: " + e.getMessage());
    } catch (ParseException | JOSEException e) {
      throw new SignInFailed("the ID token cannot be read: " + e.getMessage());
    }
    Object verified = claims.getClaim("email_verified");
    String email = claims.getClaim("email") instanceof String s ? s : null;
    boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
    return new VerifiedIdentity(claims.getIssuer(), claims.getSubject(),
        Optional.ofNullable(emailVerified ? email : null),
        Optional.ofNullable(claims.getClaim("name") instanceof String s ? s : null));
  }

  private Future<JWKSet> refreshKeys() {
    if (clock.millis() - keysReadAt < KEY_REFRESH_GAP.toMillis()) {
      return Future.failedFuture(new SignInFailed("the ID token is signed with a key the issuer does not publish"));
    }
    keysReadAt = clock.millis();
    return getJson(http, jwksUri).map(jwks -> {
      keys = parseKeys(jwks);
      return keys;
    });
  }

  private static Future<JsonObject> getJson(HttpClient http, URI uri) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString())
            .putHeader("Accept", "application/json"))
        .compose(req -> req.send())
        .compose(response -> response.body().map(buffer -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
          }
          return new JsonObject(buffer);
        }));
  }

  private static JWKSet parseKeys(JsonObject jwks) {
    try {
      return JWKSet.parse(jwks.encode());
    } catch (ParseException e) {
      throw new IllegalStateException("the issuer's JWKS cannot be read: " + e.getMessage());
    }
  }

  static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public void close() {
    http.close();
  }
}
