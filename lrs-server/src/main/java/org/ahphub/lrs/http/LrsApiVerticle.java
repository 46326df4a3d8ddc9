package org.ahphub.lrs.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import org.ahphub.lrs.service.StatementService;
import org.ahphub.lrs.service.XapiException;
import org.ahphub.lrs.store.StatementStore.StatementPage;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.Principal;
import org.ahphub.xapi.XapiVersion;

/** The xAPI HTTP surface under {@code /xapi/}: parses requests, calls the services, writes responses. */
public final class LrsApiVerticle extends VerticleBase {

  private static final String PRINCIPAL = "principal";
  private static final String VERSION = "xapiVersion";
  private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  private final int port;
  private final StatementService statements;
  private final BasicAuthenticator authenticator;
  private HttpServer server;

  public LrsApiVerticle(int port, StatementService statements, BasicAuthenticator authenticator) {
    this.port = port;
    this.statements = statements;
    this.authenticator = authenticator;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/xapi/about").handler(this::about);
    router.route("/xapi/*").handler(this::negotiateVersion);
    // The body handler must come before any asynchronous step, or the body is gone by the time it runs.
    router.route("/xapi/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route("/xapi/*").handler(this::authenticate);
    router.post("/xapi/statements").handler(this::postStatements);
    router.put("/xapi/statements").handler(this::putStatement);
    router.get("/xapi/statements").handler(this::getStatements);
    router.route().last().handler(ctx -> ErrorResponses.send(ctx, 404, "no such resource", java.util.List.of()));
    router.route().failureHandler(ErrorResponses::handle);
    return vertx.createHttpServer().requestHandler(router).listen(port).onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void about(RoutingContext ctx) {
    ctx.response().putHeader(XapiVersion.HEADER, XapiVersion.V2_0_0.label());
    ctx.json(new JsonObject()
        .put("version", new JsonArray().add(XapiVersion.V1_0_3.label()).add(XapiVersion.V2_0_0.label()))
        .put("extensions", new JsonObject()));
  }

  private void negotiateVersion(RoutingContext ctx) {
    String header = ctx.request().getHeader(XapiVersion.HEADER);
    Optional<XapiVersion> version = XapiVersion.fromHeader(header);
    if (version.isEmpty()) {
      ctx.fail(new XapiException.BadRequest("header.version", XapiVersion.HEADER, header == null
          ? "the X-Experience-API-Version header is required"
          : "X-Experience-API-Version " + header + " is not supported; use 1.0.3 or 2.0.0"));
      return;
    }
    ctx.put(VERSION, version.get());
    ctx.response().putHeader(XapiVersion.HEADER, version.get().label());
    ctx.next();
  }

  private void authenticate(RoutingContext ctx) {
    authenticator.authenticate(ctx.request().getHeader("Authorization"))
        .onSuccess(principal -> {
          ctx.put(PRINCIPAL, principal);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private void postStatements(RoutingContext ctx) {
    statements.store(StatementService.asBatch(jsonBody(ctx)), principal(ctx), version(ctx))
        .onSuccess(result -> ctx.response()
            .putHeader("X-Hub-Statements-Stored", String.valueOf(result.stored()))
            .putHeader("Content-Type", "application/json")
            .end(new JsonArray(result.ids()).encode()))
        .onFailure(ctx::fail);
  }

  private void putStatement(RoutingContext ctx) {
    statements.put(ctx.request().getParam("statementId"), jsonBody(ctx), principal(ctx), version(ctx))
        .onSuccess(result -> ctx.response()
            .putHeader("X-Hub-Statements-Stored", String.valueOf(result.stored()))
            .setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void getStatements(RoutingContext ctx) {
    var params = ctx.queryParams();
    if (params.contains("statementId") || params.contains("voidedStatementId")) {
      boolean voided = params.contains("voidedStatementId");
      statements.find(params.get(voided ? "voidedStatementId" : "statementId"), voided, principal(ctx))
          .onSuccess(statement -> ctx.response().putHeader("Content-Type", "application/json").end(statement.encode()))
          .onFailure(ctx::fail);
      return;
    }
    statements.query(QueryParameters.parse(params, version(ctx)), principal(ctx))
        .onSuccess(page -> writePage(ctx, page))
        .onFailure(ctx::fail);
  }

  private void writePage(RoutingContext ctx, StatementPage page) {
    JsonObject body = new JsonObject()
        .put("statements", new JsonArray(page.statements()))
        .put("more", page.nextCursor()
            .map(cursor -> QueryParameters.moreLink(ctx.request().path(), ctx.queryParams(), cursor))
            .orElse(""));
    ctx.response()
        .putHeader("X-Experience-API-Consistent-Through", page.consistentThrough().toString())
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  private static Object jsonBody(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw new XapiException.BadRequest("header.content-type", "Content-Type",
          "statements must be sent as application/json");
    }
    if (ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw new XapiException.BadRequest("body.empty", "$", "the request body is empty");
    }
    try {
      return Json.decodeValue(ctx.body().buffer());
    } catch (DecodeException e) {
      throw new XapiException.BadRequest("body.json", "$", "the body is not well-formed JSON");
    }
  }

  private static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  private static XapiVersion version(RoutingContext ctx) {
    return ctx.get(VERSION);
  }
}
