package org.ahphub.sharing.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.http.RequestBodies;
import org.ahphub.platform.identity.OrganisationDirectory;
import org.ahphub.platform.identity.OrganisationDirectory.IssuedCredential;
import org.ahphub.platform.identity.OrganisationDirectory.Organisation;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.sharing.access.PassportAccess;

/** The hub operator's API (scope {@code admin}): organisations, credentials, learner tokens. */
public final class AdminRoutes implements ApiRoutes {

  private static final Duration DEFAULT_LEARNER_TOKEN_VALIDITY = Duration.ofDays(30);

  private final OrganisationDirectory directory;
  private final PassportAccess access;
  private final Consumer<String> credentialChanged;

  public AdminRoutes(OrganisationDirectory directory, PassportAccess access, Consumer<String> credentialChanged) {
    this.directory = directory;
    this.access = access;
    this.credentialChanged = credentialChanged;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    var admin = authorization.requireAnyScope(Scopes.ADMIN);
    router.post("/admin/organisations").handler(admin).handler(this::createOrganisation);
    router.get("/admin/organisations").handler(admin).handler(this::listOrganisations);
    router.post("/admin/organisations/:organisationId/credentials").handler(admin).handler(this::issueCredential);
    router.get("/admin/organisations/:organisationId/credentials").handler(admin).handler(this::listCredentials);
    router.post("/admin/credentials/:key/rotate").handler(admin).handler(this::rotate);
    router.delete("/admin/credentials/:key").handler(admin).handler(this::revoke);
    router.post("/admin/persons/:personId/learner-tokens").handler(admin).handler(this::issueLearnerToken);
  }

  private void createOrganisation(RoutingContext ctx) {
    JsonObject body = RequestBodies.object(ctx);
    String name = RequestBodies.requiredString(body, "name");
    String homePage = RequestBodies.requiredString(body, "homePage");
    String kind = body.getString("kind", "trust");
    if (!OrganisationDirectory.KINDS.contains(kind)) {
      throw new ApiError(400, "$.kind must be one of " + OrganisationDirectory.KINDS);
    }
    directory.create(name, homePage, kind)
        .onSuccess(created -> created.ifPresentOrElse(
            organisation -> ctx.response().setStatusCode(201)
                .putHeader("Location", "/admin/organisations/" + organisation.id())
                .putHeader("Content-Type", "application/json").end(json(organisation).encode()),
            () -> ctx.fail(new ApiError(409, "an organisation named '" + name + "' exists already"))))
        .onFailure(ctx::fail);
  }

  private void listOrganisations(RoutingContext ctx) {
    directory.organisations()
        .onSuccess(all -> ctx.json(new JsonObject().put("organisations",
            new JsonArray(all.stream().map(AdminRoutes::json).toList()))))
        .onFailure(ctx::fail);
  }

  private void issueCredential(RoutingContext ctx) {
    UUID organisationId = PathParameters.uuid(ctx, "organisationId");
    List<String> scopes = RequestBodies.optionalStrings(RequestBodies.object(ctx), "scopes");
    if (scopes == null || scopes.isEmpty()) {
      throw new ApiError(400, "$.scopes is required: a non-empty array of scopes");
    }
    List<String> unknown = Scopes.unknown(scopes);
    if (!unknown.isEmpty()) {
      throw new ApiError(400, "$.scopes has unknown scopes " + unknown);
    }
    Set<String> wanted = new LinkedHashSet<>(scopes);
    directory.organisation(organisationId)
        .compose(found -> found.isEmpty()
            ? io.vertx.core.Future.<IssuedCredential>failedFuture(new ApiError(404, "no organisation with that id"))
            : directory.issueCredential(organisationId, wanted))
        .onSuccess(issued -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store").end(json(issued).encode()))
        .onFailure(ctx::fail);
  }

  private void listCredentials(RoutingContext ctx) {
    UUID organisationId = PathParameters.uuid(ctx, "organisationId");
    directory.credentials(organisationId)
        .onSuccess(all -> ctx.json(new JsonObject().put("credentials", new JsonArray(all.stream()
            .map(c -> new JsonObject().put("key", c.key()).put("scopes", new JsonArray(List.copyOf(c.scopes())))
                .put("createdAt", String.valueOf(c.createdAt()))
                .put("rotatedAt", c.rotatedAt() == null ? null : c.rotatedAt().toString())
                .put("revokedAt", c.revokedAt() == null ? null : c.revokedAt().toString()))
            .toList()))))
        .onFailure(ctx::fail);
  }

  private void rotate(RoutingContext ctx) {
    directory.rotate(ctx.pathParam("key"))
        .onSuccess(rotated -> credentialChanged.accept(ctx.pathParam("key")))
        .onSuccess(rotated -> rotated.ifPresentOrElse(
            issued -> ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(json(issued).encode()),
            () -> ctx.fail(new ApiError(404, "no active credential with that key"))))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    directory.revoke(ctx.pathParam("key"))
        .onSuccess(revoked -> credentialChanged.accept(ctx.pathParam("key")))
        .onSuccess(revoked -> {
          if (revoked) {
            ctx.response().setStatusCode(204).end();
          } else {
            ctx.fail(new ApiError(404, "no active credential with that key"));
          }
        })
        .onFailure(ctx::fail);
  }

  private void issueLearnerToken(RoutingContext ctx) {
    UUID personId = PathParameters.uuid(ctx, "personId");
    JsonObject body = RequestBodies.object(ctx);
    int days = body.getValue("validForDays") instanceof Number n ? n.intValue() : (int) DEFAULT_LEARNER_TOKEN_VALIDITY.toDays();
    if (days < 1 || days > 365) {
      throw new ApiError(400, "$.validForDays must be between 1 and 365");
    }
    access.issueLearnerToken(personId, Duration.ofDays(days))
        .onSuccess(issued -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(new JsonObject().put("personId", issued.personId().toString()).put("token", issued.token())
                .put("expiresAt", issued.expiresAt().toString())
                .put("use", "Authorization: Bearer <token> on /me, /me/passport, /me/audit, /me/grants").encode()))
        .onFailure(ctx::fail);
  }

  static JsonObject json(Organisation organisation) {
    return new JsonObject().put("id", organisation.id().toString()).put("name", organisation.name())
        .put("homePage", organisation.homePage()).put("kind", organisation.kind())
        .put("createdAt", organisation.createdAt().toString());
  }

  private static JsonObject json(IssuedCredential issued) {
    return new JsonObject().put("key", issued.key()).put("secret", issued.secret())
        .put("organisationId", issued.organisationId().toString())
        .put("scopes", new JsonArray(List.copyOf(issued.scopes())))
        .put("note", "the secret is shown only now; the hub stores a hash of it");
  }
}
