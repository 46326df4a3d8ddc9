package org.ahphub.sharing.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.http.RequestBodies;
import org.ahphub.platform.identity.AuthenticationFailed;
import org.ahphub.platform.identity.OrganisationDirectory;
import org.ahphub.sharing.PassportReader;
import org.ahphub.sharing.access.AccessStore.Grant;
import org.ahphub.sharing.access.PassportAccess;
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
      ctx.fail(new AuthenticationFailed("a learner token is required (Authorization: Bearer <token>)"));
      return;
    }
    access.learner(header.substring(7).trim())
        .onSuccess(person -> person.ifPresentOrElse(id -> {
          ctx.put(LEARNER, id);
          ctx.next();
        }, () -> ctx.fail(new AuthenticationFailed("unknown, expired or revoked learner token"))))
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

  private void organisations(RoutingContext ctx) {
    directory.organisations()
        .onSuccess(all -> ctx.json(new JsonObject().put("organisations", new JsonArray(all.stream()
            .map(o -> new JsonObject().put("id", o.id().toString()).put("name", o.name()).put("kind", o.kind()))
            .toList()))))
        .onFailure(ctx::fail);
  }

  /** The identifiers linked to this person; e-mail addresses appear only as their SHA-1 sum, as stored. */
  private void identifiers(RoutingContext ctx) {
    access.identifiersOf(learner(ctx))
        .onSuccess(keys -> ctx.json(new JsonObject().put("identifiers",
            new JsonArray(keys.stream().map(Actors::identifier).toList()))))
        .onFailure(ctx::fail);
  }

  /** Which organisations employ or enrol this person, since when and until when: why they can see the passport. */
  private void relationships(RoutingContext ctx) {
    Instant now = Instant.now();
    access.relationshipsOf(learner(ctx))
        .compose(found -> directory.organisations().map(all -> {
          var names = new java.util.HashMap<UUID, String>();
          all.forEach(o -> names.put(o.id(), o.name()));
          return new JsonObject().put("relationships", new JsonArray(found.stream().map(r -> new JsonObject()
              .put("id", r.id().toString())
              .put("organisationId", r.organisationId().toString())
              .put("organisation", names.get(r.organisationId()))
              .put("kind", r.kind())
              .put("startsAt", r.startsAt().toString())
              .put("endsAt", r.endsAt() == null ? null : r.endsAt().toString())
              .put("current", !r.startsAt().isAfter(now) && (r.endsAt() == null || r.endsAt().isAfter(now))))
              .toList()));
        }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
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
    UUID person = learner(ctx);
    directory.organisation(organisationId)
        .compose(found -> found.isEmpty()
            ? Future.<Grant>failedFuture(new ApiError(404, "no organisation with that id"))
            : access.grant(person, organisationId, expiresAt))
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
        .put("revokedAt", g.revokedAt() == null ? null : g.revokedAt().toString())
        .put("createdAt", g.createdAt().toString());
  }
}
