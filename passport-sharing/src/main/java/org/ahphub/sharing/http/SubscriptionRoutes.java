package org.ahphub.sharing.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.http.PathParameters;
import org.ahphub.platform.http.RequestBodies;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.sharing.webhooks.InvalidSubscription;
import org.ahphub.sharing.webhooks.SubscriptionStore.DeliveryRecord;
import org.ahphub.sharing.webhooks.SubscriptionStore.Filters;
import org.ahphub.sharing.webhooks.SubscriptionStore.Subscription;
import org.ahphub.sharing.webhooks.WebhookSubscriptions;

/** Webhook subscriptions of the caller's organisation (scope {@code passport:subscribe}). */
public final class SubscriptionRoutes implements ApiRoutes {

  private final WebhookSubscriptions subscriptions;

  public SubscriptionRoutes(WebhookSubscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    var subscriber = authorization.requireAnyScope(Scopes.PASSPORT_SUBSCRIBE);
    router.post("/subscriptions").handler(subscriber).handler(this::create);
    router.get("/subscriptions").handler(subscriber).handler(this::list);
    router.get("/subscriptions/:id").handler(subscriber).handler(this::get);
    router.put("/subscriptions/:id").handler(subscriber).handler(this::update);
    router.delete("/subscriptions/:id").handler(subscriber).handler(this::delete);
    router.post("/subscriptions/:id/pause").handler(subscriber).handler(ctx -> setStatus(ctx, "paused"));
    router.post("/subscriptions/:id/resume").handler(subscriber).handler(ctx -> setStatus(ctx, "active"));
    router.post("/subscriptions/:id/ping").handler(subscriber).handler(this::ping);
    router.post("/subscriptions/:id/rotate-secret").handler(subscriber).handler(this::rotate);
    router.get("/subscriptions/:id/failed").handler(subscriber).handler(this::failed);
    router.get("/subscriptions/:id/deliveries").handler(subscriber).handler(this::deliveries);
    router.post("/subscriptions/:id/replay").handler(subscriber).handler(this::replay);
  }

  private static UUID organisation(RoutingContext ctx) {
    return Authorization.principal(ctx).organisationId();
  }

  private void create(RoutingContext ctx) {
    JsonObject body = RequestBodies.object(ctx);
    String url = RequestBodies.requiredString(body, "url");
    Filters filters = filters(body);
    subscriptions.create(organisation(ctx), url, RequestBodies.optionalString(body, "description"), filters)
        .recover(SubscriptionRoutes::badRequest)
        .onSuccess(created -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Location", "/subscriptions/" + created.id()).putHeader("Cache-Control", "no-store")
            .end(json(created).put("secret", created.secret())
                .put("note", "the signing secret is shown only now; rotate it with POST /subscriptions/{id}/rotate-secret")
                .encode()))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    subscriptions.store().list(organisation(ctx))
        .onSuccess(all -> ctx.json(new JsonObject().put("subscriptions",
            new JsonArray(all.stream().map(SubscriptionRoutes::json).toList()))))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    found(ctx, subscriptions.store().find(PathParameters.uuid(ctx, "id"), organisation(ctx)))
        .onSuccess(s -> ctx.json(json(s))).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    JsonObject body = RequestBodies.object(ctx);
    String url = RequestBodies.requiredString(body, "url");
    found(ctx, subscriptions.update(PathParameters.uuid(ctx, "id"), organisation(ctx), url,
            RequestBodies.optionalString(body, "description"), filters(body)).recover(SubscriptionRoutes::badRequest))
        .onSuccess(s -> ctx.json(json(s))).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    subscriptions.store().delete(PathParameters.uuid(ctx, "id"), organisation(ctx))
        .onSuccess(deleted -> {
          if (deleted) {
            ctx.response().setStatusCode(204).end();
          } else {
            ctx.fail(new ApiError(404, "no subscription with that id"));
          }
        })
        .onFailure(ctx::fail);
  }

  private void setStatus(RoutingContext ctx, String status) {
    found(ctx, subscriptions.store().setStatus(PathParameters.uuid(ctx, "id"), organisation(ctx), status, null))
        .onSuccess(s -> ctx.json(json(s))).onFailure(ctx::fail);
  }

  private void ping(RoutingContext ctx) {
    found(ctx, subscriptions.store().find(PathParameters.uuid(ctx, "id"), organisation(ctx)))
        .compose(subscriptions::ping)
        .onSuccess(outcome -> ctx.json(new JsonObject().put("delivered", outcome.delivered())
            .put("status", outcome.status() == 0 ? null : outcome.status()).put("error", outcome.error())))
        .onFailure(ctx::fail);
  }

  private void rotate(RoutingContext ctx) {
    JsonObject body = RequestBodies.object(ctx);
    Duration overlap = body.getValue("overlapSeconds") instanceof Number n ? Duration.ofSeconds(n.longValue()) : null;
    found(ctx, subscriptions.rotateSecret(PathParameters.uuid(ctx, "id"), organisation(ctx), overlap)
            .recover(SubscriptionRoutes::badRequest))
        .onSuccess(s -> ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
            .end(new JsonObject().put("id", s.id().toString()).put("secret", s.secret())
                .put("previousSecretValidUntil", String.valueOf(s.previousSecretUntil()))
                .put("note", "until then every webhook carries two signatures, one per secret").encode()))
        .onFailure(ctx::fail);
  }

  private void failed(RoutingContext ctx) {
    owned(ctx).compose(s -> subscriptions.store().failed(s.id(), longParam(ctx, "after", 0), limit(ctx)))
        .onSuccess(records -> ctx.json(new JsonObject().put("failed", records(records))))
        .onFailure(ctx::fail);
  }

  private void deliveries(RoutingContext ctx) {
    owned(ctx).compose(s -> subscriptions.store().deliveries(s.id(), longParam(ctx, "after", 0), limit(ctx)))
        .onSuccess(records -> ctx.json(new JsonObject().put("deliveries", records(records))))
        .onFailure(ctx::fail);
  }

  private void replay(RoutingContext ctx) {
    JsonObject body = RequestBodies.object(ctx);
    Long deliveryId = body.getValue("deliveryId") instanceof Number n ? n.longValue() : null;
    String eventId = RequestBodies.optionalString(body, "eventId");
    Instant since = RequestBodies.optionalInstant(body, "since");
    Instant until = RequestBodies.optionalInstant(body, "until");
    if (deliveryId == null && eventId == null && since == null && until == null) {
      throw new ApiError(400, "give $.deliveryId, $.eventId, or a time range $.since / $.until");
    }
    owned(ctx).compose(s -> subscriptions.store().replay(s.id(), deliveryId, eventId, since, until))
        .onSuccess(count -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("replayed", count).encode()))
        .onFailure(ctx::fail);
  }

  private Future<Subscription> owned(RoutingContext ctx) {
    return found(ctx, subscriptions.store().find(PathParameters.uuid(ctx, "id"), organisation(ctx)));
  }

  private static Future<Subscription> found(RoutingContext ctx, Future<Optional<Subscription>> lookup) {
    return lookup.compose(s -> s.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new ApiError(404, "no subscription with that id"))));
  }

  private static <T> Future<T> badRequest(Throwable failure) {
    return Future.failedFuture(failure instanceof InvalidSubscription invalid ? new ApiError(400, invalid.getMessage()) : failure);
  }

  private static Filters filters(JsonObject body) {
    List<String> types = RequestBodies.optionalStrings(body, "eventTypes");
    Object rawFilters = body.getValue("filters");
    if (rawFilters != null && !(rawFilters instanceof JsonObject)) {
      throw new ApiError(400, "$.filters must be an object");
    }
    JsonObject filters = rawFilters == null ? new JsonObject() : (JsonObject) rawFilters;
    List<String> people = RequestBodies.optionalStrings(filters, "personIds");
    List<UUID> personIds = null;
    if (people != null) {
      personIds = new ArrayList<>();
      for (String person : people) {
        try {
          personIds.add(UUID.fromString(person));
        } catch (IllegalArgumentException e) {
          throw new ApiError(400, "$.filters.personIds must be UUIDs");
        }
      }
    }
    return new Filters(types == null ? List.of() : types, personIds, RequestBodies.optionalStrings(filters, "domains"),
        RequestBodies.optionalStrings(filters, "stages"));
  }

  static JsonObject json(Subscription s) {
    JsonObject filters = new JsonObject();
    if (s.filters().personIds() != null) {
      filters.put("personIds", new JsonArray(s.filters().personIds().stream().map(UUID::toString).toList()));
    }
    if (s.filters().domains() != null) {
      filters.put("domains", new JsonArray(s.filters().domains()));
    }
    if (s.filters().stages() != null) {
      filters.put("stages", new JsonArray(s.filters().stages()));
    }
    return new JsonObject().put("id", s.id().toString()).put("url", s.url()).put("description", s.description())
        .put("eventTypes", new JsonArray(s.filters().eventTypes())).put("filters", filters)
        .put("status", s.status()).put("disabledReason", s.disabledReason())
        .put("createdAt", s.createdAt().toString()).put("updatedAt", s.updatedAt().toString());
  }

  private static JsonArray records(List<DeliveryRecord> records) {
    return new JsonArray(records.stream().map(r -> new JsonObject().put("deliveryId", r.id()).put("webhookId", r.eventId())
        .put("eventId", r.eventId()).put("personId", r.personId().toString()).put("eventType", r.eventType())
        .put("eventTime", r.eventTime().toString()).put("status", r.status()).put("attempts", r.attempts())
        .put("lastStatus", r.lastStatus()).put("lastError", r.lastError())
        .put("deliveredAt", r.deliveredAt() == null ? null : r.deliveredAt().toString())).toList());
  }

  private static int limit(RoutingContext ctx) {
    return (int) Math.max(1, Math.min(500, longParam(ctx, "limit", 100)));
  }

  private static long longParam(RoutingContext ctx, String name, long defaultValue) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ApiError(400, name + " must be a whole number");
    }
  }
}
