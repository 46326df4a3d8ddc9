package org.ahphub.mapper.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.ahphub.xapi.StorableJson;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.ahphub.platform.http.ApiDescription;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.HttpDrain;
import org.ahphub.platform.http.Problems;
import org.ahphub.platform.identity.AuthenticationFailed;
import org.ahphub.platform.identity.TooManyAttempts;
import org.ahphub.platform.ops.OperationsRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapper's HTTP server: mounts each feature's {@link ApiRoutes} and its OpenAPI description
 * ({@value ApiDescription#PATH}), and answers every failure as problem details ({@link Problems}).
 */
public final class PassportApiVerticle extends VerticleBase {

  private static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
  /** The OpenAPI 3.1 description of every route below (passports, sharing, credentials, admin, sign-in). */
  public static final String DESCRIPTION_RESOURCE = "openapi/passport-api.yaml";
  private final ApiDescription description = new ApiDescription(DESCRIPTION_RESOURCE);

  private final String host;
  private final int port;
  private final Authorization authorization;
  private final List<ApiRoutes> features;
  private final OperationsRoutes operations;
  private HttpServer server;
  private Router router;

  public PassportApiVerticle(String host, int port, Authorization authorization, List<ApiRoutes> features,
      OperationsRoutes operations) {
    this.operations = operations;
    this.host = host;
    this.port = port;
    this.authorization = authorization;
    this.features = List.copyOf(features);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    operations.mount(router);
    // Bodies are read before any asynchronous step (authentication), or they would be lost.
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route().handler(PassportApiVerticle::storableInput);
    description.mount(router);
    features.forEach(feature -> feature.mount(router, authorization));
    router.route().last().handler(Problems.noSuchRoute());
    router.route().failureHandler(Problems.failureHandler(
        "the passport service could not complete the request; please retry"));
    this.router = router;
    return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> server = s);
  }

  /** Answers the requests in flight before the mapper closes its pool ({@link HttpDrain}). */
  @Override
  public Future<?> stop() {
    return HttpDrain.drain(server);
  }

  /**
   * Input PostgreSQL cannot store (U+0000, unpaired surrogates) or JSON nested too deep is a 400 here, in
   * one place for every route, before any of it reaches a query (where it was a 503 with a stack trace).
   * A body that is not JSON at all is left to the route, which says what it expected.
   */
  private static void storableInput(RoutingContext ctx) {
    var unstorable = StorableJson.firstUnstorable(ctx.queryParams().entries());
    if (unstorable.isPresent()) {
      ctx.fail(new ApiError(400, "query parameter " + (unstorable.get().inName() ? "name" : unstorable.get().name())
          + " " + unstorable.get().problem()));
      return;
    }
    if (ctx.body() != null && ctx.body().length() > 0) {
      Object json;
      try {
        json = Json.decodeValue(ctx.body().buffer());
      } catch (RuntimeException notJson) {
        ctx.next();
        return;
      }
      var violation = StorableJson.check(json, "$");
      if (violation.isPresent()) {
        ctx.fail(new ApiError(400, violation.get().path() + " " + violation.get().message()));
        return;
      }
    }
    ctx.next();
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** The routes served, once started: their OpenAPI description is checked against them. */
  public Router router() {
    return router;
  }
}
