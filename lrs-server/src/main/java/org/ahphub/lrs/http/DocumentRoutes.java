package org.ahphub.lrs.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.UUID;
import org.ahphub.lrs.service.DocumentService;
import org.ahphub.lrs.service.DocumentService.Preconditions;
import org.ahphub.lrs.store.DocumentStore.Document;
import org.ahphub.lrs.store.DocumentStore.DocumentKey;
import org.ahphub.lrs.store.DocumentStore.Kind;

/** HTTP for the three document resources: State, Activity Profile and Agent Profile. */
final class DocumentRoutes {

  private static final Set<String> STATE_PARAMETERS = Set.of("activityId", "agent", "registration", "stateId", "since");
  private static final Set<String> ACTIVITY_PROFILE_PARAMETERS = Set.of("activityId", "profileId", "since");
  private static final Set<String> AGENT_PROFILE_PARAMETERS = Set.of("agent", "profileId", "since");

  private final DocumentService documents;

  DocumentRoutes(DocumentService documents) {
    this.documents = documents;
  }

  void mount(Router router) {
    mount(router, "/xapi/activities/state", Kind.STATE);
    mount(router, "/xapi/activities/profile", Kind.ACTIVITY_PROFILE);
    mount(router, "/xapi/agents/profile", Kind.AGENT_PROFILE);
  }

  private void mount(Router router, String path, Kind kind) {
    router.get(path).handler(ctx -> get(ctx, kind));
    router.head(path).handler(ctx -> get(ctx, kind));
    router.put(path).handler(ctx -> put(ctx, kind));
    router.post(path).handler(ctx -> post(ctx, kind));
    router.delete(path).handler(ctx -> delete(ctx, kind));
  }

  /** Serves an alternate-syntax request for a document path; false when the path is not one. */
  boolean dispatch(RoutingContext ctx, String path, io.vertx.core.http.HttpMethod method) {
    Kind kind = switch (path) {
      case "/xapi/activities/state" -> Kind.STATE;
      case "/xapi/activities/profile" -> Kind.ACTIVITY_PROFILE;
      case "/xapi/agents/profile" -> Kind.AGENT_PROFILE;
      default -> null;
    };
    if (kind == null) {
      return false;
    }
    switch (method.name()) {
      case "GET", "HEAD" -> get(ctx, kind);
      case "PUT" -> put(ctx, kind);
      case "POST" -> post(ctx, kind);
      default -> delete(ctx, kind);
    }
    return true;
  }

  private void get(RoutingContext ctx, Kind kind) {
    DocumentKey key = key(ctx, kind, false, true);
    if (key.documentId() != null) {
      documents.get(key, LrsApiVerticle.principal(ctx))
          .onSuccess(document -> sendDocument(ctx, document))
          .onFailure(ctx::fail);
      return;
    }
    documents.ids(key.withDocumentId(""), QueryParameters.instant(ctx.queryParams(), "since"),
            LrsApiVerticle.principal(ctx))
        .onSuccess(ids -> ctx.response().putHeader("Content-Type", "application/json")
            .end(new JsonArray(ids.stream().map(Object.class::cast).toList()).encode()))
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx, Kind kind) {
    DocumentKey key = key(ctx, kind, true, false);
    documents.put(key, body(ctx), contentType(ctx), preconditions(ctx),
            LrsApiVerticle.version(ctx), LrsApiVerticle.principal(ctx))
        .onSuccess(v -> noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void post(RoutingContext ctx, Kind kind) {
    DocumentKey key = key(ctx, kind, true, false);
    documents.post(key, body(ctx), contentType(ctx), preconditions(ctx),
            LrsApiVerticle.principal(ctx))
        .onSuccess(v -> noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx, Kind kind) {
    DocumentKey key = key(ctx, kind, kind != Kind.STATE, false);
    (key.documentId() == null
        ? documents.deleteAll(key.withDocumentId(""), LrsApiVerticle.principal(ctx))
        : documents.delete(key, preconditions(ctx), LrsApiVerticle.principal(ctx)))
        .onSuccess(v -> noContent(ctx))
        .onFailure(ctx::fail);
  }

  /** The document's address from the query string; documentId null when absent (a list or delete-all). */
  private static DocumentKey key(RoutingContext ctx, Kind kind, boolean idRequired, boolean sinceAllowed) {
    MultiMap params = ctx.queryParams();
    Set<String> allowed = switch (kind) {
      case STATE -> STATE_PARAMETERS;
      case ACTIVITY_PROFILE -> ACTIVITY_PROFILE_PARAMETERS;
      case AGENT_PROFILE -> AGENT_PROFILE_PARAMETERS;
    };
    for (String name : params.names()) {
      if (!allowed.contains(name) || (name.equals("since") && !sinceAllowed)) {
        throw QueryParameters.bad(name, "is not a parameter of this resource");
      }
    }
    String activityId = kind == Kind.AGENT_PROFILE ? "" : required(params, "activityId");
    if (kind != Kind.AGENT_PROFILE) {
      QueryParameters.iri(params, "activityId");
    }
    String agentKey = kind == Kind.ACTIVITY_PROFILE ? ""
        : QueryParameters.agentKey(required(params, "agent"), "agent", LrsApiVerticle.version(ctx));
    UUID registration = kind == Kind.STATE ? QueryParameters.uuid(params, "registration") : null;
    String idName = kind == Kind.STATE ? "stateId" : "profileId";
    String documentId = idRequired ? required(params, idName) : params.get(idName);
    if (params.contains("since") && documentId != null) {
      throw QueryParameters.bad("since", "applies only when listing documents, without " + idName);
    }
    return new DocumentKey(kind, activityId, agentKey, registration == null ? "" : registration.toString(),
        documentId);
  }

  private static String required(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null) {
      throw QueryParameters.bad(name, "is required");
    }
    return value;
  }

  private static String contentType(RoutingContext ctx) {
    return QueryParameters.storableHeader("Content-Type", ctx.request().getHeader("Content-Type"));
  }

  private static Preconditions preconditions(RoutingContext ctx) {
    return new Preconditions(ctx.request().getHeader("If-Match"), ctx.request().getHeader("If-None-Match"));
  }

  private static Buffer body(RoutingContext ctx) {
    return AlternateSyntax.body(ctx);
  }

  private static void sendDocument(RoutingContext ctx, Document document) {
    ctx.response()
        .putHeader("Content-Type", document.contentType())
        .putHeader("ETag", "\"" + document.etag() + "\"")
        .putHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(document.updated().atOffset(ZoneOffset.UTC)))
        .end(document.content());
  }

  private static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
