package org.ahphub.lrs.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.ahphub.lrs.service.XapiException;
import org.ahphub.platform.identity.AuthenticationFailed;
import org.ahphub.xapi.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP statuses and JSON error bodies. */
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  /** Bad bytes rather than bad xAPI: worth one log line each (no stack: the cause is the client's input). */
  private static final java.util.Set<String> ENCODING_RULES = java.util.Set.of("query.encoding", "document.encoding",
      "body.json");

  private ErrorResponses() {}

  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (failure instanceof XapiException.BadRequest bad) {
      if (bad.violations().stream().anyMatch(v -> ENCODING_RULES.contains(v.rule()))) {
        LOG.info("{} {} answered 400: {}", ctx.request().method(), ctx.request().path(), bad.violations().get(0));
      }
      send(ctx, 400, bad.getMessage(), bad.violations());
    } else if (failure instanceof AuthenticationFailed auth) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"xAPI\"");
      send(ctx, 401, auth.getMessage(), java.util.List.of());
    } else if (failure instanceof XapiException.Forbidden forbidden) {
      send(ctx, 403, forbidden.getMessage(), java.util.List.of());
    } else if (failure instanceof XapiException.NotFound notFound) {
      send(ctx, 404, notFound.getMessage(), java.util.List.of());
    } else if (failure instanceof XapiException.Conflict conflict) {
      send(ctx, 409, conflict.getMessage(), java.util.List.of());
    } else if (failure instanceof XapiException.PreconditionFailed precondition) {
      send(ctx, 412, precondition.getMessage(), java.util.List.of());
    } else if (failure instanceof XapiException.TooLarge tooLarge) {
      send(ctx, 413, tooLarge.getMessage(), java.util.List.of());
    } else if (failure instanceof HttpException http && http.getStatusCode() < 500) {
      // Vert.x's own 4xx, e.g. a query string it cannot decode: one line, no stack.
      LOG.info("{} {} answered {}: {}", ctx.request().method(), ctx.request().path(), http.getStatusCode(),
          http.getPayload() != null ? http.getPayload() : http.getMessage());
      send(ctx, http.getStatusCode(), http.getPayload() != null ? http.getPayload() : statusText(http.getStatusCode()),
          java.util.List.of());
    } else if (failure == null && ctx.statusCode() > 0 && ctx.statusCode() < 500) {
      send(ctx, ctx.statusCode(), statusText(ctx.statusCode()), java.util.List.of());
    } else {
      LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 503, "the LRS could not complete the request; nothing was changed, please retry", java.util.List.of());
    }
  }

  static void send(RoutingContext ctx, int status, String message, java.util.List<Violation> violations) {
    JsonObject body = new JsonObject()
        .put("status", status)
        .put("error", statusText(status))
        .put("message", message);
    if (!violations.isEmpty()) {
      JsonArray list = new JsonArray();
      violations.forEach(v -> list.add(new JsonObject().put("rule", v.rule()).put("path", v.path()).put("message", v.message())));
      body.put("violations", list);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
    if (!ctx.response().headers().contains(org.ahphub.xapi.XapiVersion.HEADER)) {
      // Every response names a version, errors included (the request may have named none).
      ctx.response().putHeader(org.ahphub.xapi.XapiVersion.HEADER, org.ahphub.xapi.XapiVersion.V2_0_0.label());
    }
    ctx.response().end(body.encode());
  }

  private static String statusText(int status) {
    return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
  }
}
