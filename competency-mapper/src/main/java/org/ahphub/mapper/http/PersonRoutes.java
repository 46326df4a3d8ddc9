package org.ahphub.mapper.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.store.PersonStore.Joiner;
import org.ahphub.mapper.store.PersonStore.LinkResult;
import org.ahphub.mapper.store.PersonStore.MergeRecord;
import org.ahphub.mapper.store.PersonStore.UnmergeResult;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.http.RequestBodies;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.sharing.http.LearnerRoutes;
import org.ahphub.xapi.Actors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is who: linking identifiers to people, joining two people's records and undoing that.
 *
 * <ul>
 *   <li>{@code POST /persons/{personId}/identifiers} with an xAPI Agent (or {@code {"agent": {...}}}), scopes
 *       {@code person:link}, {@code admin}. An organisation attaches only identifiers it asserts itself (an
 *       account on its own home page), only to a person who consented to it (anyone else is the same 404 as an
 *       unknown id), and never one that belongs to someone else. The operator may link anything; an identifier
 *       that belonged to another person brings that person's record with it (a merge).
 *   <li>{@code POST /claim-codes}: an organisation vouches for one of its own identifiers with a one-time code it
 *       hands to the person; {@code POST /me/claims} with that code, signed in, joins that record to the person's
 *       own. This is how a person joins two records without the operator: they prove both.
 *   <li>{@code GET /me/merges}, {@code POST /me/merges/{mergedPersonId}/undo}; for the operator
 *       {@code GET /persons/{personId}/merges} and {@code POST /persons/{personId}/merges/{mergedPersonId}/undo}:
 *       every merge can be undone, and the evidence goes back by the identifier it came in under.
 * </ul>
 *
 * <p>Every link, merge and undo is in the person's audit log and announced on {@code passport.updates}.
 */
public final class PersonRoutes implements ApiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PersonRoutes.class);
  private static final String[] LINK_SCOPES = {Scopes.PERSON_LINK, Scopes.ADMIN, "all"};
  private static final String[] CLAIM_CODE_SCOPES = {Scopes.PERSON_LINK, Scopes.ADMIN};
  static final Duration CLAIM_CODE_VALIDITY = Duration.ofDays(30);

  private final PassportService passports;
  private final PassportAccess access;
  private final Handler<RoutingContext> learnerAuthentication;

  public PersonRoutes(PassportService passports, PassportAccess access, Handler<RoutingContext> learnerAuthentication) {
    this.passports = passports;
    this.access = access;
    this.learnerAuthentication = learnerAuthentication;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    router.post("/persons/:personId/identifiers").handler(authorization.requireAnyScope(LINK_SCOPES))
        .handler(this::link);
    router.post("/claim-codes").handler(authorization.requireAnyScope(CLAIM_CODE_SCOPES)).handler(this::issueClaimCode);
    router.post("/me/claims").handler(learnerAuthentication).handler(this::claim);
    router.get("/me/merges").handler(learnerAuthentication)
        .handler(ctx -> listMerges(ctx, LearnerRoutes.learner(ctx)));
    router.post("/me/merges/:mergedPersonId/undo").handler(learnerAuthentication)
        .handler(ctx -> undo(ctx, LearnerRoutes.learner(ctx), "the person"));
    var operator = authorization.requireAnyScope(Scopes.ADMIN);
    router.get("/persons/:personId/merges").handler(operator)
        .handler(ctx -> listMerges(ctx, PathParameters.uuid(ctx, "personId")));
    router.post("/persons/:personId/merges/:mergedPersonId/undo").handler(operator)
        .handler(ctx -> undo(ctx, PathParameters.uuid(ctx, "personId"), "the hub operator"));
  }

  // ---------------------------------------------------------------- linking

  private void link(RoutingContext ctx) {
    UUID personId = PathParameters.uuid(ctx, "personId");
    JsonObject agent = agentOf(ctx);
    Principal principal = Authorization.principal(ctx);
    boolean operator = PassportAccess.isOperator(principal);
    (operator ? Future.<Void>succeededFuture() : organisationMayLink(principal, personId, agent))
        .compose(v -> passports.link(personId, agent, principal.organisationId(),
            operator ? Joiner.OPERATOR : Joiner.ORGANISATION))
        .compose(result -> result.isEmpty() ? Future.failedFuture(new ApiError(404, "no person with that id"))
            : audited(principal.organisationId(), principal.organisationName(), operator ? "operator" : "organisation",
                agent, result.get()))
        .onSuccess(linked -> {
          LOG.info("identifier linked to person {} by organisation {}{}", linked.personId(), principal.organisationId(),
              linked.mergedPersonId().map(m -> "; person " + m + " merged into it").orElse(""));
          ctx.json(linkAnswer(linked));
        })
        .onFailure(failure -> ctx.fail(failure instanceof IllegalArgumentException
            ? new ApiError(400, failure.getMessage()) : failure));
  }

  /** The body as an agent carrying exactly one identifier, or a 400. */
  private static JsonObject agentOf(RoutingContext ctx) {
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
    if (Actors.identifierKey(agent).isEmpty()) {
      throw new ApiError(400, "the agent must carry exactly one inverse functional identifier");
    }
    return agent;
  }

  /**
   * An organisation may attach an identifier it asserts (an account on its own home page) to a person who
   * consented to it, unless the identifier is someone else's. The checks that depend only on the request come
   * first, so the answer never tells an organisation without consent whether the person exists.
   */
  private Future<Void> organisationMayLink(Principal principal, UUID personId, JsonObject agent) {
    return assertedBy(principal, agent)
        .compose(v -> access.maySee(principal, personId))
        .compose(allowed -> allowed ? passports.personFor(agent)
            : Future.failedFuture(new ApiError(404, "no person with that id")))
        .compose(holder -> holder.isEmpty() || holder.get().equals(personId) ? Future.<Void>succeededFuture()
            : Future.failedFuture(new ApiError(409, "this identifier already belongs to another record; joining "
                + "two records needs the person (with a claim code from you: POST /claim-codes) or the hub operator")));
  }

  /** Whether the organisation asserts the identifier itself: an account on its own home page. */
  private static Future<Void> assertedBy(Principal principal, JsonObject agent) {
    JsonObject account = agent.getValue("account") instanceof JsonObject a ? a : null;
    String homePage = account == null ? null : account.getString("homePage");
    if (!Actors.sameHomePage(homePage, principal.homePage())) {
      return Future.failedFuture(new ApiError(403, "an organisation vouches only for identifiers it asserts itself: "
          + "an account on its own home page (" + principal.homePage() + "); other identifiers need the person "
          + "or the hub operator"));
    }
    return Future.succeededFuture();
  }

  private static JsonObject linkAnswer(LinkResult linked) {
    JsonObject answer = new JsonObject().put("personId", linked.personId().toString())
        .put("passport", "/passports/" + linked.personId())
        .put("changed", linked.changed());
    linked.mergedPersonId().ifPresent(m -> answer.put("mergedPersonId", m.toString()));
    return answer;
  }

  /** The link, and a merge it caused, go into the person's audit log, naming the kind of identifier only. */
  private Future<LinkResult> audited(UUID organisationId, String organisationName, String by, JsonObject agent,
      LinkResult linked) {
    if (!linked.changed()) {
      return Future.succeededFuture(linked);
    }
    String kind = agent.containsKey("account") ? "account" : agent.containsKey("mbox") ? "mbox"
        : agent.containsKey("mbox_sha1sum") ? "mbox_sha1sum" : "openid";
    JsonObject detail = new JsonObject().put("identifier", kind).put("by", by);
    if (agent.getValue("account") instanceof JsonObject account) {
      detail.put("homePage", account.getString("homePage"));
    }
    Future<Void> logged = access.audit(linked.personId(), organisationId, organisationName, "identifier.linked", detail);
    return linked.mergedPersonId().isEmpty() ? logged.map(linked)
        : logged.compose(v -> access.audit(linked.personId(), organisationId, organisationName, "person.merged",
            new JsonObject().put("mergedPersonId", linked.mergedPersonId().get().toString()).put("by", by)))
            .map(linked);
  }

  // ---------------------------------------------------------------- claim codes

  /**
   * {@code POST /claim-codes} with the agent the organisation knows the person by: a one-time code, valid
   * {@link #CLAIM_CODE_VALIDITY}, for the organisation to hand to that person. Nothing is looked up, so the
   * answer is the same whether or not anyone holds the identifier.
   */
  private void issueClaimCode(RoutingContext ctx) {
    JsonObject agent = agentOf(ctx);
    Principal principal = Authorization.principal(ctx);
    (PassportAccess.isOperator(principal) ? Future.<Void>succeededFuture() : assertedBy(principal, agent))
        .compose(v -> passports.issueClaimCode(agent, principal.organisationId(), CLAIM_CODE_VALIDITY))
        .onSuccess(issued -> {
          LOG.info("claim code {} issued by organisation {}", issued.id(), principal.organisationId());
          ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("claimCodeId", issued.id().toString()).put("code", issued.code())
                  .put("expiresAt", issued.expiresAt().toString())
                  .put("redeem", "the person signs in and sends it to POST /me/claims").encode());
        })
        .onFailure(failure -> ctx.fail(failure instanceof IllegalArgumentException
            ? new ApiError(400, failure.getMessage()) : failure));
  }

  /** {@code POST /me/claims} {@code {"code": "…"}}: the same 404 for an unknown, mistyped, spent or expired code. */
  private void claim(RoutingContext ctx) {
    UUID person = LearnerRoutes.learner(ctx);
    String code = RequestBodies.requiredString(RequestBodies.object(ctx), "code");
    passports.redeemClaimCode(person, code)
        .compose(linked -> linked.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new ApiError(404, "no live claim code matches $.code"))))
        .compose(linked -> audited(null, null, "person", new JsonObject().put("claimCode", true), linked))
        .onSuccess(linked -> {
          LOG.info("claim code redeemed by person {}{}", linked.personId(),
              linked.mergedPersonId().map(m -> "; person " + m + " merged into it").orElse(""));
          ctx.json(linkAnswer(linked));
        })
        .onFailure(ctx::fail);
  }

  // ---------------------------------------------------------------- merges

  private void listMerges(RoutingContext ctx, UUID personId) {
    passports.merges(personId).onSuccess(merges -> ctx.json(new JsonObject().put("merges", mergesJson(merges))))
        .onFailure(ctx::fail);
  }

  private static JsonArray mergesJson(List<MergeRecord> merges) {
    JsonArray array = new JsonArray();
    for (MergeRecord merge : merges) {
      JsonObject json = new JsonObject().put("mergeId", merge.mergeId().toString())
          .put("personId", merge.survivorId().toString())
          .put("mergedPersonId", merge.mergedId().toString())
          .put("joinedBy", merge.joinedBy().code())
          .put("mergedAt", merge.mergedAt().toString());
      if (merge.undoneAt() != null) {
        json.put("undoneAt", merge.undoneAt().toString());
      }
      array.add(json);
    }
    return array;
  }

  /** The same 404 for an unknown person, a person never merged into this one, and a merge already undone. */
  private void undo(RoutingContext ctx, UUID personId, String by) {
    UUID mergedId = PathParameters.uuid(ctx, "mergedPersonId");
    passports.unmerge(personId, mergedId)
        .compose(undone -> undone.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new ApiError(404, "no merge of that person into this record"))))
        .compose(this::auditedUndo)
        .onSuccess(undone -> {
          LOG.info("merge of person {} into {} undone by {}: {} pieces of evidence moved back", undone.restoredId(),
              undone.survivorId(), by, undone.evidenceMoved());
          ctx.json(new JsonObject().put("personId", undone.survivorId().toString())
              .put("restoredPersonId", undone.restoredId().toString())
              .put("identifiersReturned", undone.identifierKeys().size())
              .put("evidenceMoved", undone.evidenceMoved()));
        })
        .onFailure(ctx::fail);
  }

  private Future<UnmergeResult> auditedUndo(UnmergeResult undone) {
    JsonObject detail = new JsonObject().put("restoredPersonId", undone.restoredId().toString())
        .put("survivorPersonId", undone.survivorId().toString())
        .put("evidenceMoved", undone.evidenceMoved());
    return Future.all(access.audit(undone.survivorId(), null, null, "person.unmerged", detail),
        access.audit(undone.restoredId(), null, null, "person.unmerged", detail)).map(undone);
  }
}
