package org.ahphub.lrs.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * CORS for learning content running in browsers. xAPI content sends its credentials explicitly in an
 * Authorization header, which CORS allows with {@code Access-Control-Allow-Origin: *} as long as the
 * header is listed in {@code Access-Control-Allow-Headers}; so every origin gets {@code *}, without
 * credentials (cookies, HTTP authentication the browser remembers). Only the origins configured in
 * {@code LRS_CORS_ORIGINS} are answered with their own origin and credentials allowed. Preflight requests
 * are answered here, before version negotiation and authentication (browsers send neither on a preflight).
 */
final class Cors implements Handler<RoutingContext> {

  private static final String METHODS = "GET, HEAD, PUT, POST, DELETE, OPTIONS";
  private static final String HEADERS = "Authorization, Content-Type, X-Experience-API-Version, If-Match, "
      + "If-None-Match, Accept-Language, X-Requested-With";
  private static final String EXPOSED = "ETag, Last-Modified, X-Experience-API-Version, "
      + "X-Experience-API-Consistent-Through, Content-Type, Date";

  private final Set<String> trustedOrigins;

  Cors(Set<String> trustedOrigins) {
    this.trustedOrigins = Set.copyOf(trustedOrigins);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      ctx.next();
      return;
    }
    HttpServerResponse response = ctx.response();
    if (trustedOrigins.contains(origin)) {
      response.putHeader("Access-Control-Allow-Origin", origin)
          .putHeader("Access-Control-Allow-Credentials", "true");
    } else {
      response.putHeader("Access-Control-Allow-Origin", "*");
    }
    response.putHeader("Vary", "Origin");
    if (ctx.request().method() == HttpMethod.OPTIONS
        && ctx.request().getHeader("Access-Control-Request-Method") != null) {
      response.putHeader("Access-Control-Allow-Methods", METHODS)
          .putHeader("Access-Control-Allow-Headers", HEADERS)
          .putHeader("Access-Control-Max-Age", "86400")
          .setStatusCode(204)
          .end();
      return;
    }
    response.putHeader("Access-Control-Expose-Headers", EXPOSED);
    ctx.next();
  }
}
