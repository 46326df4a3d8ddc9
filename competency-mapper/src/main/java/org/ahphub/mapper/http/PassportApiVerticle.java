package org.ahphub.mapper.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.ahphub.mapper.framework.CasePackage;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.platform.identity.AuthenticationFailed;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passport and framework HTTP API. The framework is public; passports need a credential. */
public final class PassportApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PassportApiVerticle.class);
  private static final String[] PASSPORT_SCOPES = {"passport:read", "admin", "all"};

  /** A request the API refuses, with the status to send. */
  static final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final int port;
  private final Framework framework;
  private final PassportService passports;
  private final BasicAuthenticator authenticator;
  private final String frameworkJson;
  private final String casePackageJson;
  private HttpServer server;

  public PassportApiVerticle(int port, Framework framework, PassportService passports, BasicAuthenticator authenticator) {
    this.port = port;
    this.framework = framework;
    this.passports = passports;
    this.authenticator = authenticator;
    // The framework is immutable: serialise once.
    this.frameworkJson = framework.toJson().encode();
    this.casePackageJson = CasePackage.of(framework).encode();
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/framework").handler(ctx -> sendJson(ctx, frameworkJson));
    router.get("/framework/case").handler(ctx -> sendJson(ctx, casePackageJson));
    router.route("/persons*").handler(this::requirePassportScope);
    router.route("/passports*").handler(this::requirePassportScope);
    router.get("/persons").handler(this::findPerson);
    router.get("/passports/:personId").handler(this::getPassport);
    router.route().last().handler(ctx -> ctx.fail(new ApiError(404, "no such resource")));
    router.route().failureHandler(this::failure);
    return vertx.createHttpServer().requestHandler(router).listen(port).onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  public Framework framework() {
    return framework;
  }

  private void requirePassportScope(RoutingContext ctx) {
    authenticator.authenticate(ctx.request().getHeader("Authorization"))
        .onSuccess(principal -> {
          if (!principal.hasAnyScope(PASSPORT_SCOPES)) {
            ctx.fail(new ApiError(403, "this credential needs the passport:read scope"));
            return;
          }
          ctx.put("principal", principal);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private void findPerson(RoutingContext ctx) {
    String agentParameter = ctx.request().getParam("agent");
    if (agentParameter == null) {
      throw new ApiError(400, "the agent parameter (an xAPI Agent as JSON) is required");
    }
    JsonObject agent;
    try {
      agent = new JsonObject(agentParameter);
    } catch (DecodeException | ClassCastException e) {
      throw new ApiError(400, "agent must be an xAPI Agent as a JSON object");
    }
    passports.personFor(agent)
        .onSuccess(person -> person.ifPresentOrElse(
            id -> ctx.json(new JsonObject().put("personId", id.toString()).put("passport", "/passports/" + id)),
            () -> ctx.fail(new ApiError(404, "no passport for that agent"))))
        .onFailure(ctx::fail);
  }

  private void getPassport(RoutingContext ctx) {
    UUID personId;
    try {
      personId = UUID.fromString(ctx.pathParam("personId"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "personId must be a UUID");
    }
    Principal principal = ctx.get("principal");
    passports.passport(personId)
        .onSuccess(passport -> passport.ifPresentOrElse(
            body -> {
              LOG.info("passport {} read by organisation {}", personId, principal.organisationId());
              ctx.json(body);
            },
            () -> ctx.fail(new ApiError(404, "no passport with that id"))))
        .onFailure(ctx::fail);
  }

  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status;
    String message;
    if (failure instanceof ApiError error) {
      status = error.status;
      message = error.getMessage();
    } else if (failure instanceof AuthenticationFailed auth) {
      status = 401;
      message = auth.getMessage();
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"AHP hub\"");
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      status = ctx.statusCode();
      message = HttpResponseStatus.valueOf(status).reasonPhrase();
    } else {
      LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      status = 503;
      message = "the passport service could not complete the request; please retry";
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", status).put("error", HttpResponseStatus.valueOf(status).reasonPhrase())
            .put("message", message).encode());
  }

  private static void sendJson(RoutingContext ctx, String json) {
    ctx.response().putHeader("Content-Type", "application/json").end(json);
  }
}
