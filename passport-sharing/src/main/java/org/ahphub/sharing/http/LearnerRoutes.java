package org.ahphub.sharing.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.ahphub.sharing.access.AccessStore;
import org.ahphub.sharing.PassportReader;
import org.ahphub.sharing.access.AccessStore.Grant;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.http.RequestBodies;
import org.ahphub.platform.identity.AuthenticationFailed;
import org.ahphub.platform.identity.OrganisationDirectory;
import org.ahphub.xapi.Actors;

/**
 * A person's own view, signed in with a learner token ({@code Authorization: Bearer lt_…}): their
 * passport, who read it and what was delivered about them (the audit log), and the grants they give.
 */
public final class LearnerRoutes implements ApiRoutes {

  private static final String LEARNER = "learner";

  private final PassportAccess access;
  private final PassportReader passports;
  private final OrganisationDirectory directory;

  public LearnerRoutes(PassportAccess access, PassportReader passports, OrganisationDirectory directory) {
    this.access = access;
    this.passports = passports;
    this.directory = directory;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    Handler<RoutingContext> learner = this::authenticate;
    router.get("/me").handler(learner).handler(ctx -> ctx.json(new JsonObject()
        .put("personId", learner(ctx).toString()).put("passport", "/me/passport")));
    router.get("/me/passport").handler(learner).handler(this::passport);
    router.get("/me/audit").handler(learner).handler(this::audit);
    router.get("/me/organisations").handler(learner).handler(this::organisations);
    router.get("/me/identifiers").handler(learner).handler(this::identifiers);
    router.get("/me/relationships").handler(learner).handler(this::relationships);
    router.post("/me/relationships/:relationshipId/accept").handler(learner).handler(ctx -> decide(ctx, true));
    router.post("/me/relationships/:relationshipId/decline").handler(learner).handler(ctx -> decide(ctx, false));
    router.post("/me/relationships/:relationshipId/end").handler(learner).handler(this::endRelationship);
    router.get("/me/share-codes").handler(learner).handler(this::shareCodes);
    router.post("/me/share-codes").handler(learner).handler(this::createShareCode);
    router.delete("/me/share-codes/:codeId").handler(learner).handler(this::revokeShareCode);
    router.get("/me/grants").handler(learner).handler(this::grants);
    router.post("/me/grants").handler(learner).handler(this::grant);
    router.delete("/me/grants/:grantId").handler(learner).handler(this::revoke);
  }

  /** The handler that signs a person in with a learner token, for other features' {@code /me/...} routes. */
  public Handler<RoutingContext> learnerAuthentication() {
    return this::authenticate;
  }

  /** The person behind a learner token; the same 401 for a missing, unknown, expired or revoked token. */
  private void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(new AuthenticationFailed("a learner token is required (Authorization: Bearer <token>)", "Bearer"));
      return;
    }
    access.learner(header.substring(7).trim())
        .onSuccess(person -> person.ifPresentOrElse(id -> {
          ctx.put(LEARNER, id);
          ctx.next();
        }, () -> ctx.fail(new AuthenticationFailed("unknown, expired or revoked learner token", "Bearer"))))
        .onFailure(ctx::fail);
  }

  public static UUID learner(RoutingContext ctx) {
    return ctx.get(LEARNER);
  }

  private void passport(RoutingContext ctx) {
    passports.passport(learner(ctx))
        .onSuccess(found -> found.ifPresentOrElse(ctx::json, () -> ctx.fail(new ApiError(404, "no passport yet"))))
        .onFailure(ctx::fail);
  }

  private void audit(RoutingContext ctx) {
    long after = longParam(ctx, "after", 0);
    int limit = (int) Math.min(500, longParam(ctx, "limit", 100));
    access.auditOf(learner(ctx), after, limit)
        .onSuccess(entries -> ctx.json(new JsonObject().put("events", new JsonArray(entries.stream()
            .map(e -> new JsonObject().put("seq", e.seq()).put("at", e.at().toString()).put("action", e.action())
                .put("organisationId", e.organisationId() == null ? null : e.organisationId().toString())
                .put("organisation", e.organisation()).put("detail", e.detail()))
            .toList()))))
        .onFailure(ctx::fail);
  }

  /**
   * The organisations this person deals with: those with a relationship (proposed, accepted or past) or a
   * grant. Not the hub's whole directory: who else uses the hub is none of a learner's business.
   */
  private void organisations(RoutingContext ctx) {
    UUID person = learner(ctx);
    Future.all(access.relationshipsOf(person), access.grants(person), directory.organisations())
        .map(all -> {
          java.util.Set<UUID> related = new java.util.HashSet<>();
          all.<java.util.List<AccessStore.Relationship>>resultAt(0).forEach(r -> related.add(r.organisationId()));
          all.<java.util.List<Grant>>resultAt(1).forEach(g -> related.add(g.organisationId()));
          return all.<java.util.List<OrganisationDirectory.Organisation>>resultAt(2).stream()
              .filter(o -> related.contains(o.id()))
              .map(o -> new JsonObject().put("id", o.id().toString()).put("name", o.name()).put("kind", o.kind()))
              .toList();
        })
        .onSuccess(list -> ctx.json(new JsonObject().put("organisations", new JsonArray(list))))
        .onFailure(ctx::fail);
  }

  /** The identifiers linked to this person; e-mail addresses appear only as their SHA-1 sum, as stored. */
  private void identifiers(RoutingContext ctx) {
    access.identifiersOf(learner(ctx))
        .onSuccess(keys -> ctx.json(new JsonObject().put("identifiers",
            new JsonArray(keys.stream().map(Actors::identifier).toList()))))
        .onFailure(ctx::fail);
  }

  /**
   * Which organisations propose to employ or enrol this person, or do: the proposals to accept or decline and
   * the accepted relationships that let an organisation see the passport, since when and until when.
   */
  private void relationships(RoutingContext ctx) {
    Instant now = Instant.now();
    access.relationshipsOf(learner(ctx))
        .compose(found -> names().map(names -> new JsonObject().put("relationships", new JsonArray(found.stream()
            .map(r -> new JsonObject()
                .put("id", r.id().toString())
                .put("organisationId", r.organisationId().toString())
                .put("organisation", names.get(r.organisationId()))
                .put("kind", r.kind())
                .put("status", r.status())
                .put("decidedAt", r.decidedAt() == null ? null : r.decidedAt().toString())
                .put("startsAt", r.startsAt().toString())
                .put("endsAt", r.endsAt() == null ? null : r.endsAt().toString())
                .put("current", "accepted".equals(r.status()) && r.current(now)))
            .toList()))))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** Accepts or declines a proposal; the same 404 for another person's, a decided or an ended one. */
  private void decide(RoutingContext ctx, boolean accept) {
    UUID person = learner(ctx);
    access.decideRelationship(PathParameters.uuid(ctx, "relationshipId"), person, accept)
        .compose(decided -> decided.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new ApiError(404, "no open proposal with that id"))))
        .compose(decided -> access.audit(person, decided.organisationId(), null,
            accept ? "relationship.accepted" : "relationship.declined",
            new JsonObject().put("relationshipId", decided.id().toString()).put("kind", decided.kind()))
            .map(decided))
        .onSuccess(decided -> ctx.json(new JsonObject().put("id", decided.id().toString())
            .put("organisationId", decided.organisationId().toString()).put("kind", decided.kind())
            .put("status", decided.status()).put("decidedAt", decided.decidedAt().toString())))
        .onFailure(ctx::fail);
  }

  private void endRelationship(RoutingContext ctx) {
    UUID person = learner(ctx);
    access.endRelationshipByPerson(PathParameters.uuid(ctx, "relationshipId"), person)
        .compose(ended -> ended.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new ApiError(404, "no current relationship with that id"))))
        .compose(ended -> access.audit(person, ended.organisationId(), null, "relationship.ended",
            new JsonObject().put("relationshipId", ended.id().toString()).put("by", "person")
                .put("endsAt", ended.endsAt().toString())).map(ended))
        .onSuccess(ended -> ctx.json(new JsonObject().put("id", ended.id().toString())
            .put("organisationId", ended.organisationId().toString()).put("status", ended.status())
            .put("endsAt", ended.endsAt().toString())))
        .onFailure(ctx::fail);
  }

  private Future<java.util.Map<UUID, String>> names() {
    return directory.organisations().map(all -> {
      var names = new java.util.HashMap<UUID, String>();
      all.forEach(o -> names.put(o.id(), o.name()));
      return names;
    });
  }

  private void shareCodes(RoutingContext ctx) {
    access.shareCodes(learner(ctx))
        .compose(codes -> names().map(names -> new JsonObject().put("shareCodes", new JsonArray(codes.stream()
            .map(c -> json(c).put("redeemedByName", c.redeemedBy() == null ? null : names.get(c.redeemedBy())))
            .toList()))))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /**
   * A code to hand to an organisation: {@code scopes} (default passport and credentials), valid to redeem for
   * {@code validForDays} (default 7, at most 30), giving a grant of {@code grantDays} (default 30, at most 365).
   */
  private void createShareCode(RoutingContext ctx) {
    JsonObject body = ctx.body().length() == 0 ? new JsonObject() : RequestBodies.object(ctx);
    Set<String> scopes = scopes(body);
    int validForDays = days(body, "validForDays", 7, 30);
    int grantDays = days(body, "grantDays", 30, 365);
    UUID person = learner(ctx);
    access.issueShareCode(person, scopes, grantDays, java.time.Duration.ofDays(validForDays))
        .compose(issued -> access.audit(person, null, null, "share-code.created",
            new JsonObject().put("shareCodeId", issued.stored().id().toString())
                .put("scopes", new JsonArray(scopes.stream().sorted().toList()))
                .put("expiresAt", issued.stored().expiresAt().toString())).map(issued))
        .onSuccess(issued -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(json(issued.stored()).put("code", issued.code())
                .put("note", "the code is shown only now; the first organisation to redeem it gets the grant").encode()))
        .onFailure(ctx::fail);
  }

  private void revokeShareCode(RoutingContext ctx) {
    UUID person = learner(ctx);
    access.revokeShareCode(PathParameters.uuid(ctx, "codeId"), person)
        .compose(revoked -> revoked.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new ApiError(404, "no unredeemed share code with that id"))))
        .compose(revoked -> access.audit(person, null, null, "share-code.withdrawn",
            new JsonObject().put("shareCodeId", revoked.id().toString())).map(revoked))
        .onSuccess(revoked -> ctx.json(json(revoked)))
        .onFailure(ctx::fail);
  }

  private static Set<String> scopes(JsonObject body) {
    Object value = body.getValue("scopes");
    if (value == null) {
      return PassportAccess.PURPOSES;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new ApiError(400, "$.scopes must be a non-empty array of " + new java.util.TreeSet<>(PassportAccess.PURPOSES));
    }
    Set<String> scopes = new java.util.TreeSet<>();
    for (Object scope : array) {
      if (!(scope instanceof String s) || !PassportAccess.PURPOSES.contains(s)) {
        throw new ApiError(400, "$.scopes must be a non-empty array of " + new java.util.TreeSet<>(PassportAccess.PURPOSES));
      }
      scopes.add(s);
    }
    return Set.copyOf(scopes);
  }

  private static int days(JsonObject body, String field, int defaultValue, int max) {
    Object value = body.getValue(field);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Integer days) || days < 1 || days > max) {
      throw new ApiError(400, "$." + field + " must be a whole number of days from 1 to " + max);
    }
    return days;
  }

  private static JsonObject json(AccessStore.ShareCode c) {
    String state = c.revokedAt() != null ? "withdrawn" : c.redeemedAt() != null ? "redeemed"
        : c.expiresAt().isAfter(Instant.now()) ? "live" : "expired";
    return new JsonObject().put("id", c.id().toString()).put("state", state)
        .put("scopes", new JsonArray(c.scopes().stream().sorted().toList()))
        .put("grantDays", c.grantDays()).put("expiresAt", c.expiresAt().toString())
        .put("redeemedBy", c.redeemedBy() == null ? null : c.redeemedBy().toString())
        .put("redeemedAt", c.redeemedAt() == null ? null : c.redeemedAt().toString())
        .put("createdAt", c.createdAt().toString());
  }

  private void grants(RoutingContext ctx) {
    access.grants(learner(ctx))
        .onSuccess(all -> ctx.json(new JsonObject().put("grants", new JsonArray(all.stream().map(LearnerRoutes::json).toList()))))
        .onFailure(ctx::fail);
  }

  private void grant(RoutingContext ctx) {
    JsonObject body = RequestBodies.object(ctx);
    UUID organisationId = RequestBodies.optionalUuid(body, "organisationId");
    if (organisationId == null) {
      throw new ApiError(400, "$.organisationId is required");
    }
    Instant expiresAt = RequestBodies.optionalInstant(body, "expiresAt");
    if (expiresAt == null || !expiresAt.isAfter(Instant.now())) {
      throw new ApiError(400, "$.expiresAt is required and must be in the future");
    }
    Set<String> scopes = scopes(body);
    UUID person = learner(ctx);
    directory.organisation(organisationId)
        .compose(found -> found.isEmpty()
            ? Future.<Grant>failedFuture(new ApiError(404, "no organisation with that id"))
            : access.grant(person, organisationId, expiresAt, scopes))
        .onSuccess(grant -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(json(grant).encode()))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    UUID person = learner(ctx);
    access.revokeGrant(PathParameters.uuid(ctx, "grantId"), person)
        .compose(revoked -> revoked.isEmpty()
            ? Future.<Grant>failedFuture(new ApiError(404, "no active grant with that id"))
            : Future.succeededFuture(revoked.get()))
        .onSuccess(grant -> ctx.json(json(grant)))
        .onFailure(ctx::fail);
  }

  private static long longParam(RoutingContext ctx, String name, long defaultValue) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new ApiError(400, name + " must be a whole number");
    }
  }

  private static JsonObject json(Grant g) {
    return new JsonObject().put("id", g.id().toString()).put("organisationId", g.organisationId().toString())
        .put("expiresAt", g.expiresAt().toString())
        .put("scopes", new JsonArray(g.scopes().stream().sorted().toList()))
        .put("revokedAt", g.revokedAt() == null ? null : g.revokedAt().toString())
        .put("createdAt", g.createdAt().toString());
  }
}
