package org.ahphub.mapper.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
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
 * {@code {"agent": {...}}}), scopes {@code person:link}, {@code admin}, {@code all}. When the identifier
 * already belonged to another person, that person's records are merged into this one.
 */
public final class PersonRoutes implements ApiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PersonRoutes.class);
  private static final String[] LINK_SCOPES = {"person:link", "admin", "all"};

  private final PassportService passports;

  public PersonRoutes(PassportService passports) {
    this.passports = passports;
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
    Principal principal = Authorization.principal(ctx);
    passports.link(personId, agent, principal.organisationId())
        .onSuccess(result -> result.ifPresentOrElse(linked -> {
          LOG.info("identifier linked to person {} by organisation {}{}", linked.personId(), principal.organisationId(),
              linked.mergedPersonId().map(m -> "; person " + m + " merged into it").orElse(""));
          JsonObject answer = new JsonObject().put("personId", linked.personId().toString())
              .put("passport", "/passports/" + linked.personId())
              .put("changed", linked.changed());
          linked.mergedPersonId().ifPresent(m -> answer.put("mergedPersonId", m.toString()));
          ctx.json(answer);
        }, () -> ctx.fail(new ApiError(404, "no person with that id"))))
        .onFailure(failure -> ctx.fail(failure instanceof IllegalArgumentException
            ? new ApiError(400, failure.getMessage()) : failure));
  }
}
