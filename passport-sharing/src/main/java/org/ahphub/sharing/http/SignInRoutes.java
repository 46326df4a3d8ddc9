package org.ahphub.sharing.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.oidc.OidcSettings;
import org.ahphub.platform.oidc.OidcSignIn;
import org.ahphub.platform.oidc.PendingSignIn;
import org.ahphub.platform.oidc.SignInFailed;
import org.ahphub.platform.oidc.VerifiedIdentity;
import org.ahphub.sharing.PersonResolver;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.xapi.Actors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learners sign in with OpenID Connect (authorization code + PKCE) against the configured issuer: NHS login,
 * NHS CIS2, Entra ID. {@code GET /auth/oidc/login} sends the browser to the issuer; the issuer sends it back to
 * {@code /auth/oidc/callback}, where the ID token is checked, the person found (by the issuer's subject, else
 * by an e-mail address the issuer verified, else a new person) and a learner token issued, handed to the web
 * page in the URL fragment (never sent to a server). {@code GET /auth/oidc} tells the page whether it is on.
 */
public final class SignInRoutes implements ApiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(SignInRoutes.class);
  static final String COOKIE = "ahp_oidc";
  private static final Duration SESSION = Duration.ofHours(8);

  private final Vertx vertx;
  private final Optional<OidcSettings> settings;
  private final byte[] cookieKey;
  private final PassportAccess access;
  private final PersonResolver people;
  private final Clock clock;
  private final boolean secureCookie;
  private Future<OidcSignIn> signIn;

  /** @param cookieKey MACs the pending sign-in's cookie; the same in every process of the hub */
  public SignInRoutes(Vertx vertx, Optional<OidcSettings> settings, byte[] cookieKey, PassportAccess access,
      PersonResolver people, Clock clock) {
    this.secureCookie = settings.map(s -> "https".equals(s.redirectUri().getScheme())).orElse(false);
    this.vertx = vertx;
    this.settings = settings;
    this.cookieKey = cookieKey.clone();
    this.access = access;
    this.people = people;
    this.clock = clock;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    router.get("/auth/oidc").handler(ctx -> ctx.json(new JsonObject().put("enabled", settings.isPresent())
        .put("issuer", settings.map(s -> s.issuer().toString()).orElse(null))));
    router.get("/auth/oidc/login").handler(this::login);
    router.get("/auth/oidc/callback").handler(this::callback);
  }

  /** Discovery runs on first use and again after a failure: an issuer that is down does not stop the hub. */
  private synchronized Future<OidcSignIn> signIn() {
    if (settings.isEmpty()) {
      return Future.failedFuture(new ApiError(404, "OpenID Connect sign-in is not configured on this hub"));
    }
    if (signIn == null || signIn.failed()) {
      signIn = OidcSignIn.discover(vertx, settings.get(), clock)
          .onFailure(e -> LOG.warn("OpenID Connect discovery at {} failed: {}", settings.get().issuer(), e.getMessage()));
    }
    return signIn;
  }

  private void login(RoutingContext ctx) {
    String returnTo = localReturn(ctx.request().getParam("returnTo"));
    signIn()
        .recover(e -> Future.failedFuture(e instanceof ApiError ? e
            : new ApiError(503, "the sign-in service cannot be reached; please retry")))
        .onSuccess(oidc -> {
          OidcSignIn.Authorization authorization = oidc.begin(returnTo);
          ctx.response().addCookie(cookie(authorization.pending().seal(cookieKey), 600));
          ctx.redirect(authorization.redirectTo().toString());
        })
        .onFailure(ctx::fail);
  }

  private void callback(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    Optional<PendingSignIn> pending = PendingSignIn.open(cookie == null ? null : cookie.getValue(), cookieKey,
        clock.instant());
    ctx.response().addCookie(cookie("", 0));
    if (ctx.request().getParam("error") != null) {
      ctx.fail(new ApiError(400, "the sign-in was not completed at the issuer: "
          + ctx.request().getParam("error")));
      return;
    }
    if (pending.isEmpty()) {
      ctx.fail(new ApiError(400, "this sign-in has expired or was started in another browser; start again"));
      return;
    }
    signIn()
        .compose(oidc -> oidc.complete(ctx.request().getParam("code"), ctx.request().getParam("state"), pending.get()))
        .compose(this::person)
        .compose(personId -> access.issueLearnerToken(personId, SESSION))
        .onSuccess(token -> {
          LOG.info("person {} signed in with OpenID Connect", token.personId());
          ctx.redirect(pending.get().returnTo() + "#token=" + URLEncoder.encode(token.token(), StandardCharsets.UTF_8));
        })
        .onFailure(failure -> ctx.fail(failure instanceof SignInFailed
            ? new ApiError(400, failure.getMessage()) : failure));
  }

  private Future<java.util.UUID> person(VerifiedIdentity identity) {
    String subjectKey = Actors.identifierKey(new JsonObject().put("account",
            new JsonObject().put("homePage", identity.issuer()).put("name", identity.subject())))
        .orElseThrow(() -> new SignInFailed("the issuer named no subject"));
    Optional<String> emailKey = identity.verifiedEmail()
        .flatMap(email -> Actors.identifierKey(new JsonObject().put("mbox", "mailto:" + email)));
    return people.personForSignIn(subjectKey, emailKey);
  }

  /** Only a path of this hub's web page: never an open redirect to another site. */
  static String localReturn(String requested) {
    if (requested == null || !requested.startsWith("/app/") || requested.startsWith("//")
        || requested.contains("\\") || requested.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      return "/app/";
    }
    int fragment = requested.indexOf('#');
    return fragment < 0 ? requested : requested.substring(0, fragment);
  }

  private Cookie cookie(String value, long maxAgeSeconds) {
    return Cookie.cookie(COOKIE, value).setPath("/auth/oidc").setHttpOnly(true).setSecure(secureCookie)
        .setSameSite(CookieSameSite.LAX).setMaxAge(maxAgeSeconds);
  }
}
