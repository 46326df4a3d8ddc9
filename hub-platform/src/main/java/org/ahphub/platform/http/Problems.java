package org.ahphub.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.ahphub.platform.identity.AuthenticationFailed;
import org.ahphub.platform.identity.TooManyAttempts;
import org.ahphub.platform.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the hub's non-xAPI APIs turn a refusal into an HTTP answer: RFC 9457 problem details as
 * {@code application/problem+json} (the LRS keeps xAPI's own error format).
 */
public final class Problems {

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** Sends {@code problem}; nothing when the request was answered already. */
  public static Future<Void> send(RoutingContext ctx, Problem problem) {
    if (ctx.response().ended()) {
      return Future.succeededFuture();
    }
    return ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.CONTENT_TYPE)
        .end(problem.toJson().encode());
  }

  /** The answer for a request no route takes: 404 of type {@link Problem#NO_SUCH_ROUTE}. */
  public static Handler<RoutingContext> noSuchRoute() {
    return ctx -> ctx.fail(new ProblemException(Problem.noSuchRoute(ctx.request().method().name())));
  }

  /**
   * The router's failure handler: {@link ApiError} and {@link ProblemException} as they say, a failed
   * authentication 401 (with {@code WWW-Authenticate}), too many failed attempts 429 (with {@code Retry-After}),
   * a status set by vertx-web (413 for a body over the limit, 400 for an undecodable one) as that status; anything
   * else is logged and answered 503 with {@code unavailableDetail}, never a stack trace.
   */
  public static Handler<RoutingContext> failureHandler(String unavailableDetail) {
    return ctx -> {
      Problem problem = problem(ctx, unavailableDetail);
      if (ctx.response().headWritten()) {
        ctx.response().reset();
        return;
      }
      send(ctx, problem);
    };
  }

  private static Problem problem(RoutingContext ctx, String unavailableDetail) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException described) {
      return described.problem();
    }
    if (failure instanceof ApiError error) {
      return error.problem();
    }
    if (failure instanceof TooManyAttempts tooMany) {
      ctx.response().putHeader("Retry-After", String.valueOf(tooMany.retryAfterSeconds()));
      return Problem.of(429, tooMany.getMessage());
    }
    if (failure instanceof AuthenticationFailed auth) {
      ctx.response().putHeader("WWW-Authenticate", auth.scheme() + " realm=\"AHP hub\"");
      return Problem.of(401, auth.getMessage());
    }
    if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      return Problem.of(ctx.statusCode(), Problem.reasonPhrase(ctx.statusCode()));
    }
    LOG.error("unexpected failure on {} {}", ctx.request().method(), LogText.of(ctx.request().path()), failure);
    return Problem.of(503, unavailableDetail);
  }
}
