package org.ahphub.mapper.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Future;
import java.util.UUID;
import org.ahphub.mapper.store.PersonStore.LinkResult;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.identity.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linking identifiers to people: {@code POST /persons/{personId}/identifiers} with an xAPI Agent (or
 * {@code {"agent": {...}}}), scopes {@code person:link}, {@code admin}, {@code all}.
 *
 * <p>An organisation attaches only identifiers it asserts itself (an account on its own home page: its staff
 * number, its learner account), only to a person who consented to it (an accepted relationship or a grant;
 * anyone else is the same 404 as an unknown id), and never one that already belongs to someone else: joining
 * two existing records needs the hub operator, who may link anything. When the operator links an identifier
 * that belonged to another person, that person's records are merged into this one. Every link and merge is in
 * the person's audit log.
 */
public final class PersonRoutes implements ApiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PersonRoutes.class);
  private static final String[] LINK_SCOPES = {"person:link", "admin", "all"};

  private final PassportService passports;
  private final PassportAccess access;

  public PersonRoutes(PassportService passports, PassportAccess access) {
    this.passports = passports;
    this.access = access;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    router.post("/persons/:personId/identifiers").handler(authorization.requireAnyScope(LINK_SCOPES))
        .handler(this::link);
  }

  private void link(RoutingContext ctx) {
    UUID personId = PathParameters.uuid(ctx, "personId");
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new ApiError(400, "the body must be an xAPI Agent as a JSON object");
    }
    if (body == null) {
      throw new ApiError(400, "the body must be an xAPI Agent as a JSON object");
    }
    JsonObject agent = body.getValue("agent") instanceof JsonObject wrapped ? wrapped : body;
    if (org.ahphub.xapi.Actors.identifierKey(agent).isEmpty()) {
      throw new ApiError(400, "the agent must carry exactly one inverse functional identifier");
    }
    Principal principal = Authorization.principal(ctx);
    boolean operator = PassportAccess.isOperator(principal);
    (operator ? Future.<Void>succeededFuture() : organisationMayLink(principal, personId, agent))
        .compose(v -> passports.link(personId, agent, principal.organisationId()))
        .compose(result -> result.isEmpty() ? Future.failedFuture(new ApiError(404, "no person with that id"))
            : audited(principal, agent, result.get()))
        .onSuccess(linked -> {
          LOG.info("identifier linked to person {} by organisation {}{}", linked.personId(), principal.organisationId(),
              linked.mergedPersonId().map(m -> "; person " + m + " merged into it").orElse(""));
          JsonObject answer = new JsonObject().put("personId", linked.personId().toString())
              .put("passport", "/passports/" + linked.personId())
              .put("changed", linked.changed());
          linked.mergedPersonId().ifPresent(m -> answer.put("mergedPersonId", m.toString()));
          ctx.json(answer);
        })
        .onFailure(failure -> ctx.fail(failure instanceof IllegalArgumentException
            ? new ApiError(400, failure.getMessage()) : failure));
  }

  /**
   * An organisation may attach an identifier it asserts (an account on its own home page) to a person who
   * consented to it, unless the identifier is someone else's. The checks that depend only on the request come
   * first, so the answer never tells an organisation without consent whether the person exists.
   */
  private Future<Void> organisationMayLink(Principal principal, UUID personId, JsonObject agent) {
    JsonObject account = agent.getValue("account") instanceof JsonObject a ? a : null;
    String homePage = account == null ? null : account.getString("homePage");
    if (homePage == null || !sameHomePage(homePage, principal.homePage())) {
      return Future.failedFuture(new ApiError(403, "an organisation attaches only identifiers it asserts itself: "
          + "an account on its own home page (" + principal.homePage() + "); other identifiers need the person "
          + "or the hub operator"));
    }
    return access.maySee(principal, personId)
        .compose(allowed -> allowed ? passports.personFor(agent)
            : Future.failedFuture(new ApiError(404, "no person with that id")))
        .compose(holder -> holder.isEmpty() || holder.get().equals(personId) ? Future.<Void>succeededFuture()
            : Future.failedFuture(new ApiError(409, "this identifier already belongs to another record; joining "
                + "two records needs the person or the hub operator")));
  }

  private static boolean sameHomePage(String a, String b) {
    return b != null && a.replaceAll("/+$", "").equalsIgnoreCase(b.replaceAll("/+$", ""));
  }

  /** The link, and a merge it caused, go into the person's audit log, naming the kind of identifier only. */
  private Future<LinkResult> audited(Principal principal, JsonObject agent, LinkResult linked) {
    if (!linked.changed()) {
      return Future.succeededFuture(linked);
    }
    String kind = agent.containsKey("account") ? "account" : agent.containsKey("mbox") ? "mbox"
        : agent.containsKey("mbox_sha1sum") ? "mbox_sha1sum" : "openid";
    JsonObject detail = new JsonObject().put("identifier", kind)
        .put("by", PassportAccess.isOperator(principal) ? "operator" : "organisation");
    if (agent.getValue("account") instanceof JsonObject account) {
      detail.put("homePage", account.getString("homePage"));
    }
    Future<Void> logged = access.audit(linked.personId(), principal.organisationId(), principal.organisationName(),
        "identifier.linked", detail);
    return linked.mergedPersonId().isEmpty() ? logged.map(linked)
        : logged.compose(v -> access.audit(linked.personId(), principal.organisationId(),
            principal.organisationName(), "person.merged",
            new JsonObject().put("mergedPersonId", linked.mergedPersonId().get().toString()))).map(linked);
  }
}
