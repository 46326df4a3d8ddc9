package org.ahphub.mapper.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.sharing.http.LearnerRoutes;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.identity.Principal;

/**
 * Gap analysis: {@code GET /passports/{personId}/gaps?stage=intermediate} lists what is missing or
 * expired for that stage, with each indicator's text and the catalogue courses aligned to it
 * ({@code learnWith}), and what is expiring. Scopes {@code passport:read}, {@code admin}, {@code all};
 * {@code visibility} decides whether the caller may see that person (the same rule as the passport itself),
 * and a person the caller may not see is answered as unknown (404). {@code GET /me/gaps?stage=} is the same
 * for the signed-in person (a learner token), not audited as their own passport is not.
 */
public final class GapRoutes implements ApiRoutes {

  private static final String[] SCOPES = {"passport:read", "admin", "all"};

  static final String GAPS_READ = "gaps.read";

  private final PassportService passports;
  private final PassportAccess access;
  private final Handler<RoutingContext> learnerAuthentication;

  public GapRoutes(PassportService passports, PassportAccess access, Handler<RoutingContext> learnerAuthentication) {
    this.passports = passports;
    this.access = access;
    this.learnerAuthentication = learnerAuthentication;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    router.get("/passports/:personId/gaps").handler(authorization.requireAnyScope(SCOPES)).handler(this::gaps);
    router.get("/me/gaps").handler(learnerAuthentication).handler(this::ownGaps);
  }

  private static Stage stage(RoutingContext ctx) {
    String code = ctx.request().getParam("stage");
    if (code == null) {
      throw new ApiError(400, "the stage parameter is required: entry, intermediate or assistant-practitioner");
    }
    return Stage.fromCode(code).orElseThrow(() ->
        new ApiError(400, "stage must be entry, intermediate or assistant-practitioner, not '" + code + "'"));
  }

  private void ownGaps(RoutingContext ctx) {
    passports.gaps(LearnerRoutes.learner(ctx), stage(ctx))
        .onSuccess(found -> found.ifPresentOrElse(ctx::json, () -> ctx.fail(new ApiError(404, "no passport yet"))))
        .onFailure(ctx::fail);
  }

  private void gaps(RoutingContext ctx) {
    UUID personId = PathParameters.uuid(ctx, "personId");
    Stage stage = stage(ctx);
    Principal principal = Authorization.principal(ctx);
    access.maySee(principal, personId)
        .compose(allowed -> allowed ? passports.gaps(personId, stage) : Future.succeededFuture(java.util.Optional.empty()))
        .compose(found -> found.isEmpty() ? Future.succeededFuture(found)
            : access.recordRead(principal, personId, GAPS_READ, new JsonObject().put("stage", stage.code())).map(found))
        .onSuccess(found -> found.ifPresentOrElse(ctx::json, () -> ctx.fail(new ApiError(404, "no passport with that id"))))
        .onFailure(ctx::fail);
  }
}
