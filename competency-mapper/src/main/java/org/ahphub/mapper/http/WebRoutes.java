package org.ahphub.mapper.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;

/**
 * The passport web page: a small static front end (HTML, CSS, JavaScript modules from the
 * classpath folder {@code webroot/}) served at {@code /app/}; {@code /} redirects there. The page
 * talks only to this server's own JSON API, with the caller's credentials, so everything it shows
 * is what the API lets that caller see.
 *
 * <p>Every page response carries a strict Content-Security-Policy (nothing loads from anywhere but
 * this origin, no inline script or style, no framing) and {@code Cache-Control: no-cache}: the files
 * have no content hash in their names, so browsers revalidate them (a cheap 304) instead of running
 * stale code after an upgrade.
 */
public final class WebRoutes implements ApiRoutes {

  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'");

  private final StaticHandler files = StaticHandler.create("webroot")
      .setIndexPage("index.html")
      .setDirectoryListing(false)
      .setIncludeHidden(false)
      .setCachingEnabled(true)
      .setSendVaryHeader(false);

  @Override
  public void mount(Router router, Authorization authorization) {
    router.get("/").handler(ctx -> ctx.redirect("/app/"));
    router.route("/app/*").handler(WebRoutes::pageHeaders).handler(files);
    // The page's header names the organisation signed in, not its credential key.
    router.get("/organisation").handler(authorization.requireAnyScope(ANY_SCOPE)).handler(WebRoutes::ownOrganisation);
  }

  /** Every scope a credential may hold: any authenticated organisation may read its own name. */
  private static final String[] ANY_SCOPE = java.util.stream.Stream.concat(
      org.ahphub.platform.identity.Scopes.XAPI.stream(), org.ahphub.platform.identity.Scopes.HUB.stream())
      .sorted().toArray(String[]::new);

  private static void ownOrganisation(RoutingContext ctx) {
    org.ahphub.platform.identity.Principal principal = Authorization.principal(ctx);
    ctx.json(new io.vertx.core.json.JsonObject()
        .put("id", principal.organisationId() == null ? null : principal.organisationId().toString())
        .put("name", principal.organisationName())
        .put("homePage", principal.homePage())
        .put("credentialKey", principal.credentialKey()));
  }

  private static void pageHeaders(RoutingContext ctx) {
    if ("/app".equals(ctx.request().path())) {
      // the page's relative links (app.css, js/…) need the trailing slash
      ctx.redirect("/app/");
      return;
    }
    HttpServerResponse response = ctx.response();
    // Set just before the headers go out, so they win over the static handler's caching headers.
    ctx.addHeadersEndHandler(v -> {
      response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      response.putHeader("X-Content-Type-Options", "nosniff");
      response.putHeader("Referrer-Policy", "no-referrer");
      response.putHeader("X-Frame-Options", "DENY");
      response.putHeader("Cross-Origin-Opener-Policy", "same-origin");
      response.putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
      response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    });
    ctx.next();
  }
}
