package org.ahphub.mapper.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.ahphub.mapper.framework.CasePackage;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.identity.Principal;
import org.ahphub.sharing.PassportReader;
import org.ahphub.sharing.access.PassportAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework (public) and passports (credential with passport:read, and a current relationship
 * or grant with the person). A person the caller may not see is answered exactly like an unknown
 * one (404), so existence does not leak; every successful read is audited before it is answered.
 */
public final class PassportRoutes implements ApiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PassportRoutes.class);
  private static final String[] PASSPORT_SCOPES = {"passport:read", "admin", "all"};

  private final PassportService passports;
  private final PassportReader shown;
  private final PassportAccess access;
  private final String frameworkJson;
  private final String casePackageJson;

  /** {@code shown}: the passport as the API shows it (with revoked credentials marked). */
  public PassportRoutes(Framework framework, PassportService passports, PassportReader shown, PassportAccess access) {
    this.passports = passports;
    this.shown = shown;
    this.access = access;
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
    Principal principal = Authorization.principal(ctx);
    passports.personFor(agent)
        .compose(person -> person.isEmpty()
            ? io.vertx.core.Future.succeededFuture(java.util.Optional.<UUID>empty())
            : access.maySee(principal, person.get()).compose(allowed -> allowed ? io.vertx.core.Future.succeededFuture(person)
                : passports.contributedBy(person.get(), principal.organisationId())
                    .map(contributed -> contributed.isPresent() ? person : java.util.Optional.<UUID>empty())))
        .compose(person -> person.isEmpty()
            ? io.vertx.core.Future.succeededFuture(person)
            : access.recordRead(principal, person.get(), PassportAccess.PERSON_LOOKUP, new JsonObject()).map(person))
        .onSuccess(person -> person.ifPresentOrElse(
            id -> ctx.json(new JsonObject().put("personId", id.toString()).put("passport", "/passports/" + id)),
            () -> ctx.fail(new ApiError(404, "no passport for that agent"))))
        .onFailure(failure -> ctx.fail(failure instanceof IllegalArgumentException
            ? new ApiError(400, failure.getMessage()) : failure));
  }

  private void getPassport(RoutingContext ctx) {
    UUID personId = PathParameters.uuid(ctx, "personId");
    Principal principal = Authorization.principal(ctx);
    // Without consent an organisation still sees what it contributed itself, and only that.
    access.maySee(principal, personId)
        .compose(allowed -> allowed
            ? shown.passport(personId).compose(found -> withAccounts(found, principal))
            : passports.contributedBy(personId, principal.organisationId())
                .compose(found -> passports.withNames(found, principal.organisationId())))
        .compose(passport -> passport.isEmpty()
            ? io.vertx.core.Future.succeededFuture(passport)
            : access.recordRead(principal, personId, PassportAccess.PASSPORT_READ,
                new JsonObject().put("passportVersion", passport.get().getValue("version"))
                    .put("view", passport.get().getString("view", "whole"))).map(passport))
        .onSuccess(passport -> passport.ifPresentOrElse(
            body -> {
              LOG.info("passport {} read by organisation {}", personId, principal.organisationId());
              ctx.json(body);
            },
            () -> ctx.fail(new ApiError(404, "no passport with that id"))))
        .onFailure(ctx::fail);
  }

  /**
   * The passport with {@code staffNumbers}: the names of the person's accounts on the caller's own home page (its
   * staff or ESR assignment numbers for them), shown beside the person's name.
   */
  private io.vertx.core.Future<java.util.Optional<JsonObject>> withAccounts(java.util.Optional<JsonObject> passport,
      Principal principal) {
    if (passport.isEmpty()) {
      return io.vertx.core.Future.succeededFuture(passport);
    }
    JsonObject body = passport.get();
    return passports.accountsAt(UUID.fromString(body.getString("personId")), principal.homePage())
        .map(accounts -> java.util.Optional.of(body.put("staffNumbers", new io.vertx.core.json.JsonArray(accounts))));
  }

  private static void sendJson(RoutingContext ctx, String json) {
    ctx.response().putHeader("Content-Type", "application/json").end(json);
  }
}
