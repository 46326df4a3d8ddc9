package org.ahphub.mapper.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.ahphub.mapper.framework.CasePackage;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.service.PassportService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The framework (public) and passports (credential with passport:read). */
public final class PassportRoutes implements ApiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PassportRoutes.class);
  private static final String[] PASSPORT_SCOPES = {"passport:read", "admin", "all"};

  private final PassportService passports;
  private final String frameworkJson;
  private final String casePackageJson;

  public PassportRoutes(Framework framework, PassportService passports) {
    this.passports = passports;
    // The framework is immutable: serialise once.
    this.frameworkJson = framework.toJson().encode();
    this.casePackageJson = CasePackage.of(framework).encode();
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    router.get("/framework").handler(ctx -> sendJson(ctx, frameworkJson));
    router.get("/framework/case").handler(ctx -> sendJson(ctx, casePackageJson));
    router.get("/persons").handler(authorization.requireAnyScope(PASSPORT_SCOPES)).handler(this::findPerson);
    router.get("/passports/:personId").handler(authorization.requireAnyScope(PASSPORT_SCOPES))
        .handler(this::getPassport);
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
    UUID personId = pathUuid(ctx, "personId");
    passports.passport(personId)
        .onSuccess(passport -> passport.ifPresentOrElse(
            body -> {
              LOG.info("passport {} read by organisation {}", personId,
                  Authorization.principal(ctx).organisationId());
              ctx.json(body);
            },
            () -> ctx.fail(new ApiError(404, "no passport with that id"))))
        .onFailure(ctx::fail);
  }

  /** A UUID path parameter, or 400 naming it. */
  public static UUID pathUuid(RoutingContext ctx, String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, name + " must be a UUID");
    }
  }

  private static void sendJson(RoutingContext ctx, String json) {
    ctx.response().putHeader("Content-Type", "application/json").end(json);
  }
}
