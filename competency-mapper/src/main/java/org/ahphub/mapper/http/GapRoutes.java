package org.ahphub.mapper.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.identity.Principal;

/**
 * Gap analysis: {@code GET /passports/{personId}/gaps?stage=intermediate} lists what is missing or
 * expired for that stage, with each indicator's text, and what is expiring. Scopes {@code passport:read},
 * {@code admin}, {@code all}; {@code visibility} decides whether the caller may see that person (the
 * same rule as the passport itself), and a person the caller may not see is answered as unknown (404).
 */
public final class GapRoutes implements ApiRoutes {

  private static final String[] SCOPES = {"passport:read", "admin", "all"};

  static final String GAPS_READ = "gaps.read";

  private final PassportService passports;
  private final PassportAccess access;

  public GapRoutes(PassportService passports, PassportAccess access) {
    this.passports = passports;
    this.access = access;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    router.get("/passports/:personId/gaps").handler(authorization.requireAnyScope(SCOPES)).handler(this::gaps);
  }

  private void gaps(RoutingContext ctx) {
    UUID personId = PathParameters.uuid(ctx, "personId");
    String code = ctx.request().getParam("stage");
    if (code == null) {
      throw new ApiError(400, "the stage parameter is required: entry, intermediate or assistant-practitioner");
    }
    Stage stage = Stage.fromCode(code).orElseThrow(() ->
        new ApiError(400, "stage must be entry, intermediate or assistant-practitioner, not '" + code + "'"));
    Principal principal = Authorization.principal(ctx);
    access.maySee(principal, personId)
        .compose(allowed -> allowed ? passports.gaps(personId, stage) : Future.succeededFuture(java.util.Optional.empty()))
        .compose(found -> found.isEmpty() ? Future.succeededFuture(found)
            : access.recordRead(principal, personId, GAPS_READ, new JsonObject().put("stage", stage.code())).map(found))
        .onSuccess(found -> found.ifPresentOrElse(ctx::json, () -> ctx.fail(new ApiError(404, "no passport with that id"))))
        .onFailure(ctx::fail);
  }
}
