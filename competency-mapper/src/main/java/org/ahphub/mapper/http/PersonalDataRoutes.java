package org.ahphub.mapper.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ahphub.mapper.store.pg.PgPassportPersonalData;
import org.ahphub.mapper.store.pg.PgPassportPersonalData.Subject;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.http.RequestBodies;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.platform.privacy.DataSubject;
import org.ahphub.platform.privacy.Erasures;
import org.ahphub.platform.privacy.Erasures.Erasure;
import org.ahphub.platform.privacy.PersonalData;
import org.ahphub.platform.privacy.ZipExportArchive;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.sharing.http.LearnerRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's rights over their data (UK GDPR articles 15 and 17): everything the hub holds about them, as a ZIP,
 * and their erasure.
 *
 * <ul>
 *   <li>{@code GET /me/export} (the person) and {@code GET /persons/{personId}/export} (the operator): a ZIP of
 *       JSON files from every part of the hub ({@link PersonalData}) and {@code summary.html}, streamed.
 *   <li>{@code POST /me/erasure-request} (the person): asks the operator to erase them.
 *   <li>{@code POST /persons/{personId}/erase} (the operator), {@code GET /erasures}, {@code GET /erasures/{id}}:
 *       the erasure, run as a resumable job ({@link Erasures}); asking again for an erased person answers its
 *       tombstone.
 * </ul>
 *
 * Everyone else gets the same 404 as for an unknown id, or 403 when the route is the operator's.
 */
public final class PersonalDataRoutes implements ApiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PersonalDataRoutes.class);
  private static final int MAX_REASON = 500;
  private static final Set<String> STATUSES = Set.of("requested", "erasing", "erased");

  private final PgPassportPersonalData people;
  private final List<PersonalData> parts;
  private final Erasures erasures;
  private final PassportAccess access;
  private final Handler<RoutingContext> learnerAuthentication;

  public PersonalDataRoutes(PgPassportPersonalData people, List<PersonalData> parts, Erasures erasures,
      PassportAccess access, Handler<RoutingContext> learnerAuthentication) {
    this.people = people;
    this.parts = List.copyOf(parts);
    this.erasures = erasures;
    this.access = access;
    this.learnerAuthentication = learnerAuthentication;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    var operator = authorization.requireAnyScope(Scopes.ADMIN);
    router.get("/me/export").handler(learnerAuthentication)
        .handler(ctx -> export(ctx, LearnerRoutes.learner(ctx), null));
    router.post("/me/erasure-request").handler(learnerAuthentication).handler(this::requestErasure);
    router.get("/persons/:personId/export").handler(operator)
        .handler(ctx -> export(ctx, PathParameters.uuid(ctx, "personId"), Authorization.principal(ctx)));
    router.post("/persons/:personId/erase").handler(operator).handler(this::erase);
    router.get("/erasures").handler(operator).handler(this::listErasures);
    router.get("/erasures/:erasureId").handler(operator).handler(this::showErasure);
  }

  // ---------------------------------------------------------------- export

  /** Streams the ZIP; the operator's export is in the person's audit log. */
  private void export(RoutingContext ctx, UUID personId, Principal operator) {
    people.subject(personId).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
      } else if (found.result().isEmpty()) {
        ctx.fail(new ApiError(404, "no person with that id"));
      } else {
        DataSubject subject = found.result().get().forRequest(UUID.randomUUID(), Instant.now());
        (operator == null ? Future.<Void>succeededFuture() : access.audit(personId, operator.organisationId(),
            operator.organisationName(), "personal-data.exported", new JsonObject().put("by", "the hub operator")))
            .onSuccess(v -> stream(ctx, subject))
            .onFailure(ctx::fail);
      }
    });
  }

  private void stream(RoutingContext ctx, DataSubject subject) {
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("Content-Type", "application/zip")
        .putHeader("Content-Disposition", "attachment; filename=\"ahp-hub-data-" + subject.personId() + ".zip\"")
        .putHeader("Cache-Control", "no-store");
    ZipExportArchive archive = new ZipExportArchive(response);
    archive.summarise("About this export", List.of("Person id " + subject.personId(),
        "Parts of the hub included: " + String.join(", ", parts.stream().map(PersonalData::part).toList())));
    Future<Void> chain = Future.succeededFuture();
    for (PersonalData part : exportOrder()) {
      chain = chain.compose(v -> part.export(subject, archive));
    }
    chain.compose(v -> archive.finish("Everything the AHP skills-passport hub holds about you", subject.at()))
        .onSuccess(v -> {
          response.end();
          LOG.info("export {} of person {} sent", subject.requestId(), subject.personId());
        })
        .onFailure(e -> {
          // The status line has gone: cut the connection, so the reader sees a broken download, never a short ZIP.
          LOG.error("export {} of person {} failed: {}", subject.requestId(), subject.personId(), e.toString());
          response.reset();
        });
  }

  /** The passport first (what a reader looks for), then who may see it, then the raw learning records. */
  private List<PersonalData> exportOrder() {
    List<String> order = List.of("passport", "sharing", "lrs");
    return parts.stream().sorted(java.util.Comparator.comparingInt(part -> order.indexOf(part.part()))).toList();
  }

  // ---------------------------------------------------------------- erasure

  private void requestErasure(RoutingContext ctx) {
    UUID personId = LearnerRoutes.learner(ctx);
    String reason = reason(RequestBodies.object(ctx));
    erasures.request(personId, "the person", reason)
        .onSuccess(request -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("id", request.id().toString()).put("status", request.status())
                .put("requestedAt", request.requestedAt().toString())
                .put("next", "the hub operator confirms and carries out the erasure").encode()))
        .onFailure(ctx::fail);
  }

  private void erase(RoutingContext ctx) {
    UUID personId = PathParameters.uuid(ctx, "personId");
    String reason = reason(RequestBodies.object(ctx));
    Principal operator = Authorization.principal(ctx);
    String by = "operator " + operator.organisationName() + " (credential " + operator.credentialKey() + ")";
    people.subject(personId)
        .compose(found -> found.isPresent() ? start(found.get(), by, reason).map(e -> answer(ctx, 202, e))
            : erasures.ofPerson(personId).map(done -> done.filter(Erasure::erased)
                .map(e -> answer(ctx, 200, e))
                .orElseThrow(() -> new ApiError(404, "no person with that id"))))
        .onFailure(ctx::fail);
  }

  private Future<Erasure> start(Subject subject, String by, String reason) {
    return erasures.start(subject.personIds(), subject.identifierKeys(), by, reason);
  }

  private static Void answer(RoutingContext ctx, int status, Erasure erasure) {
    ctx.response().setStatusCode(erasure.erased() ? 200 : status).putHeader("Content-Type", "application/json")
        .putHeader("Location", "/erasures/" + erasure.id()).end(erasure.toJson().encode());
    return null;
  }

  private void listErasures(RoutingContext ctx) {
    String status = ctx.queryParams().get("status");
    if (status != null && !STATUSES.contains(status)) {
      throw new ApiError(400, "status must be one of requested, erasing, erased");
    }
    erasures.list(status)
        .onSuccess(list -> ctx.json(new JsonObject().put("erasures",
            new JsonArray(list.stream().map(Erasure::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void showErasure(RoutingContext ctx) {
    erasures.find(PathParameters.uuid(ctx, "erasureId"))
        .onSuccess(found -> found.ifPresentOrElse(e -> ctx.json(e.toJson()),
            () -> ctx.fail(new ApiError(404, "no erasure with that id"))))
        .onFailure(ctx::fail);
  }

  private static String reason(JsonObject body) {
    String reason = RequestBodies.optionalString(body, "reason");
    if (reason != null && reason.length() > MAX_REASON) {
      throw new ApiError(400, "$.reason must be at most " + MAX_REASON + " characters");
    }
    return reason;
  }
}
