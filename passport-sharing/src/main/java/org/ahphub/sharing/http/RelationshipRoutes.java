package org.ahphub.sharing.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ahphub.sharing.access.AccessStore.Relationship;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.http.RequestBodies;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.xapi.Actors;

/**
 * Relationships (employment, enrolment) an organisation proposes to a person, by person id or by an xAPI
 * agent (resolved through the person's linked identifiers, now or when they first appear). A proposal gives
 * no access: the person accepts or declines it ({@code /me/relationships/{id}/accept}). The answer is the
 * same whether or not the person or identifier is known, and the person's id shows only once they accepted.
 * Scope {@code person:link} proposes for the caller's own organisation; {@code admin} for any. Share codes a
 * person handed over are redeemed here too ({@code POST /share-codes/redeem}, scope {@code passport:read}).
 */
public final class RelationshipRoutes implements ApiRoutes {

  private static final Set<String> KINDS = Set.of("employment", "enrolment");

  private final PassportAccess access;

  public RelationshipRoutes(PassportAccess access) {
    this.access = access;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    var linkers = authorization.requireAnyScope(Scopes.PERSON_LINK, Scopes.ADMIN);
    router.post("/relationships").handler(linkers).handler(this::create);
    router.get("/relationships").handler(linkers).handler(this::list);
    router.post("/relationships/:relationshipId/end").handler(linkers).handler(this::end);
    router.post("/share-codes/redeem").handler(authorization.requireAnyScope(Scopes.PASSPORT_READ, Scopes.ADMIN))
        .handler(this::redeem);
  }

  /** The same 404 for an unknown, mistyped, spent, withdrawn or expired code: codes cannot be probed. */
  private void redeem(RoutingContext ctx) {
    Principal principal = Authorization.principal(ctx);
    String code = RequestBodies.requiredString(RequestBodies.object(ctx), "code");
    access.redeemShareCode(code, principal.organisationId())
        .compose(grant -> grant.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new ApiError(404, "no live share code matches $.code"))))
        .compose(grant -> access.audit(grant.personId(), principal.organisationId(),
            principal.organisationName(), "share-code.redeemed", new JsonObject().put("grantId", grant.id().toString())
                .put("scopes", new JsonArray(grant.scopes().stream().sorted().toList()))
                .put("expiresAt", grant.expiresAt().toString())).map(grant))
        .onSuccess(grant -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("grantId", grant.id().toString()).put("personId", grant.personId().toString())
                .put("passport", "/passports/" + grant.personId())
                .put("scopes", new JsonArray(grant.scopes().stream().sorted().toList()))
                .put("expiresAt", grant.expiresAt().toString()).encode()))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Principal principal = Authorization.principal(ctx);
    JsonObject body = RequestBodies.object(ctx);
    String kind = RequestBodies.requiredString(body, "kind");
    if (!KINDS.contains(kind)) {
      throw new ApiError(400, "$.kind must be one of " + KINDS);
    }
    UUID organisationId = RequestBodies.optionalUuid(body, "organisationId");
    if (organisationId == null) {
      organisationId = principal.organisationId();
    } else if (!organisationId.equals(principal.organisationId()) && !principal.hasAnyScope(Scopes.ADMIN)) {
      throw new ApiError(403, "$.organisationId: only an admin credential records relationships for another organisation");
    }
    UUID personId = RequestBodies.optionalUuid(body, "personId");
    String identifierKey = null;
    if (body.getValue("agent") != null) {
      if (!(body.getValue("agent") instanceof JsonObject agent)) {
        throw new ApiError(400, "$.agent must be an xAPI Agent object");
      }
      identifierKey = Actors.identifierKey(agent)
          .orElseThrow(() -> new ApiError(400, "$.agent must carry exactly one inverse functional identifier"));
    }
    if ((personId == null) == (identifierKey == null)) {
      throw new ApiError(400, "give exactly one of $.personId and $.agent");
    }
    Instant startsAt = Optional.ofNullable(RequestBodies.optionalInstant(body, "startsAt")).orElseGet(Instant::now);
    Instant endsAt = RequestBodies.optionalInstant(body, "endsAt");
    if (endsAt != null && endsAt.isBefore(startsAt)) {
      throw new ApiError(400, "$.endsAt must not be before $.startsAt");
    }
    access.addRelationship(new Relationship(UUID.randomUUID(), organisationId, personId, identifierKey, kind,
            startsAt, endsAt, null, "proposed", null))
        .compose(created -> created.personId() == null ? Future.succeededFuture(created)
            : access.audit(created.personId(), principal.organisationId(), principal.organisationName(),
                "relationship.proposed", new JsonObject().put("relationshipId", created.id().toString())
                    .put("kind", kind)).map(created))
        .onSuccess(created -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(json(created).encode()))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    access.relationships(Authorization.principal(ctx).organisationId())
        .onSuccess(all -> ctx.json(new JsonObject().put("relationships",
            new JsonArray(all.stream().map(RelationshipRoutes::json).toList()))))
        .onFailure(ctx::fail);
  }

  private void end(RoutingContext ctx) {
    Principal principal = Authorization.principal(ctx);
    UUID id = PathParameters.uuid(ctx, "relationshipId");
    Instant endsAt = Optional.ofNullable(RequestBodies.optionalInstant(RequestBodies.object(ctx), "endsAt"))
        .orElseGet(Instant::now);
    UUID owner = principal.hasAnyScope(Scopes.ADMIN) ? null : principal.organisationId();
    access.endRelationship(id, owner, endsAt)
        .compose(ended -> ended.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new ApiError(404, "no relationship with that id"))))
        .compose(ended -> ended.personId() == null ? Future.succeededFuture(ended)
            : access.audit(ended.personId(), principal.organisationId(), principal.organisationName(),
                "relationship.ended", new JsonObject().put("relationshipId", ended.id().toString())
                    .put("by", "organisation").put("endsAt", ended.endsAt().toString())).map(ended))
        .onSuccess(ended -> ctx.json(json(ended)))
        .onFailure(ctx::fail);
  }

  /** As the organisation sees it: the person's id only once they accepted. */
  static JsonObject json(Relationship r) {
    boolean accepted = "accepted".equals(r.status());
    return new JsonObject().put("id", r.id().toString()).put("organisationId", r.organisationId().toString())
        .put("personId", accepted && r.personId() != null ? r.personId().toString() : null)
        .put("status", r.status())
        .put("decidedAt", r.decidedAt() == null ? null : r.decidedAt().toString())
        .put("linkedByIdentifier", r.identifierKey() != null)
        .put("kind", r.kind()).put("startsAt", r.startsAt().toString())
        .put("endsAt", r.endsAt() == null ? null : r.endsAt().toString());
  }
}
