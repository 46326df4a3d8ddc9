package org.ahphub.mapper.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.mapper.credentials.CredentialIssuer;
import org.ahphub.mapper.credentials.CredentialVerifier;
import org.ahphub.mapper.credentials.IssuedCredentialStore;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.http.RequestBodies;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.sharing.http.LearnerRoutes;

/**
 * Verifiable credentials: the JWKS and status list (public), a person's credentials (an organisation
 * with access, or the person), {@code POST /verify} (public), and admin revocation and key rotation.
 */
public final class CredentialRoutes implements ApiRoutes {

  private static final String VC_JWT = "application/vc+jwt";
  static final int MAX_REASON = 500;

  private final CredentialIssuer issuer;
  private final PassportService passports;
  private final PassportAccess access;
  private final Handler<RoutingContext> learnerAuthentication;

  public CredentialRoutes(CredentialIssuer issuer, PassportService passports, PassportAccess access,
      Handler<RoutingContext> learnerAuthentication) {
    this.issuer = issuer;
    this.passports = passports;
    this.access = access;
    this.learnerAuthentication = learnerAuthentication;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    router.get("/.well-known/jwks.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/jwk-set+json")
        .putHeader("Cache-Control", "max-age=300").end(issuer.jwks().encode()));
    router.get(CredentialIssuer.STATUS_LIST_PATH).handler(ctx -> issuer.statusListCredential()
        .onSuccess(jwt -> ctx.response().putHeader("Content-Type", VC_JWT).putHeader("Cache-Control", "max-age=60").end(jwt))
        .onFailure(ctx::fail));
    router.post("/verify").handler(this::verify);
    router.get("/passports/:personId/credentials").handler(authorization.requireAnyScope(Scopes.PASSPORT_READ,
        Scopes.ADMIN, Scopes.ALL)).handler(this::organisationReads);
    router.get("/me/credentials").handler(learnerAuthentication)
        .handler(ctx -> respond(ctx, LearnerRoutes.learner(ctx), Future.succeededFuture()));
    router.post("/admin/issued-credentials/:credentialId/revoke").handler(authorization.requireAnyScope(Scopes.ADMIN))
        .handler(this::revoke);
    router.post("/admin/signing-keys/rotate").handler(authorization.requireAnyScope(Scopes.ADMIN))
        .handler(ctx -> issuer.rotate().onSuccess(v -> ctx.json(new JsonObject().put("activeKid", issuer.activeKeyId())
            .put("jwks", issuer.jwks()))).onFailure(ctx::fail));
  }

  private void organisationReads(RoutingContext ctx) {
    UUID personId = PathParameters.uuid(ctx, "personId");
    Principal principal = Authorization.principal(ctx);
    access.mayReadCredentials(principal, personId).onSuccess(allowed -> {
      if (!allowed) {
        ctx.fail(new ApiError(404, "no passport with that id"));
        return;
      }
      respond(ctx, personId, access.recordRead(principal, personId, PassportAccess.CREDENTIALS_READ, new JsonObject()));
    }).onFailure(ctx::fail);
  }

  private void respond(RoutingContext ctx, UUID personId, Future<Void> audit) {
    passports.passport(personId)
        .compose(found -> found.isEmpty()
            ? Future.<Optional<JsonObject>>succeededFuture(Optional.empty())
            : audit.compose(v -> issuer.credentials(found.get()).map(issued -> Optional.of(new JsonObject()
                .put("personId", personId.toString())
                .put("issuer", issuer.issuer())
                .put("jwks", issuer.issuer() + "/.well-known/jwks.json")
                .put("credentials", new JsonArray(issued.stream().map(CredentialRoutes::credentialJson).toList()))
                .put("clr", issuer.clr(found.get(), issued))))))
        .onSuccess(body -> body.ifPresentOrElse(ctx::json, () -> ctx.fail(new ApiError(404, "no passport with that id"))))
        .onFailure(ctx::fail);
  }

  /** One credential with what it says in words: competency title, stage name, issue and end dates. */
  private static JsonObject credentialJson(CredentialIssuer.IssuedJwt c) {
    return new JsonObject().put("id", c.id().toString())
        .put("competency", c.competency()).put("stage", c.stage())
        .put("competencyTitle", c.competencyTitle()).put("stageTitle", c.stageTitle())
        .put("issuedAt", c.issuedAt() == null ? null : c.issuedAt().toString())
        .put("validFrom", c.validFrom() == null ? null : c.validFrom().toString())
        .put("validUntil", c.validUntil() == null ? null : c.validUntil().toString())
        .put("format", VC_JWT).put("jwt", c.jwt());
  }

  /** Body: the JWT as text ({@code application/vc+jwt} or text/plain) or {@code {"credential": "<jwt>"}}. */
  private void verify(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw new ApiError(400, "send the credential JWT as the body, or {\"credential\": \"<jwt>\"}");
    }
    String token = text.trim();
    if (token.startsWith("{")) {
      token = RequestBodies.requiredString(RequestBodies.object(ctx), "credential");
    }
    issuer.verify(token).onSuccess(result -> ctx.json(json(result))).onFailure(ctx::fail);
  }

  private static JsonObject json(CredentialVerifier.Result result) {
    JsonObject json = new JsonObject().put("verified", result.verified()).put("reason", result.reason())
        .put("message", result.message());
    if (result.revokedAt() != null) {
      json.put("revokedAt", result.revokedAt().toString()).put("revocationReason", result.revocationReason());
    }
    return json.put("credential", result.credential());
  }

  /**
   * Body {@code {"reason": "..."}}, required (1 to {@value #MAX_REASON} characters): verifiers and the passport
   * show it. The revocation stands until new evidence for the competency x stage is credited.
   */
  private void revoke(RoutingContext ctx) {
    UUID id = PathParameters.uuid(ctx, "credentialId");
    String reason = RequestBodies.requiredString(RequestBodies.object(ctx), "reason").strip();
    if (reason.length() > MAX_REASON) {
      throw new ApiError(400, "$.reason is longer than " + MAX_REASON + " characters");
    }
    issuer.revoke(id, reason).onSuccess(outcome -> {
      if (outcome.isEmpty()) {
        ctx.fail(new ApiError(404, "no credential with that id"));
        return;
      }
      IssuedCredentialStore.Revoked revoked = outcome.get().credential();
      if (!outcome.get().changed()) {
        ctx.fail(new ApiError(409, "credential " + id + " was already revoked on " + revoked.revokedAt()
            + (revoked.reason() == null ? "" : ": " + revoked.reason())));
        return;
      }
      ctx.json(new JsonObject().put("id", id.toString()).put("revoked", true).put("reason", revoked.reason())
          .put("revokedAt", revoked.revokedAt().toString()).put("personId", revoked.personId().toString())
          .put("competency", revoked.competency()).put("stage", revoked.stage()));
    }).onFailure(ctx::fail);
  }
}
