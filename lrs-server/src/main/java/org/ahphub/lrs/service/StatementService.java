package org.ahphub.lrs.service;

import org.ahphub.lrs.store.StatementRecord;
import org.ahphub.lrs.store.StatementQuery;
import org.ahphub.lrs.store.AttachmentContent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ahphub.lrs.store.StatementStore;
import org.ahphub.lrs.store.StatementStore.StatementPage;
import org.ahphub.platform.identity.Principal;
import org.ahphub.xapi.Actors;
import org.ahphub.xapi.StatementValidator;
import org.ahphub.xapi.Verbs;
import org.ahphub.xapi.Violation;
import org.ahphub.xapi.XapiVersion;

/**
 * The statements pipeline: authorise, validate, complete (id, stored, timestamp, authority,
 * version), store with conflict checks, and read back within the caller's visibility.
 */
public final class StatementService {

  public static final String SCOPE_ALL = "all";
  public static final String SCOPE_ALL_READ = "all/read";
  public static final String SCOPE_WRITE = "statements/write";
  public static final String SCOPE_READ = "statements/read";
  public static final String SCOPE_READ_MINE = "statements/read/mine";

  /** The largest batch one request may carry, so a request's work stays bounded. */
  public static final int MAX_BATCH = 1_000;

  private final StatementStore store;

  public StatementService(StatementStore store) {
    this.store = store;
  }

  /** The ids of the stored statements, in request order, and how many were new. */
  public record StoreResult(List<String> ids, int stored) {}

  public Future<StoreResult> store(List<Object> statements, Principal principal, XapiVersion version) {
    return store(statements, List.of(), principal, version);
  }

  /** Stores statements sent with attachment content (multipart/mixed): the attachment rules apply. */
  public Future<StoreResult> store(List<Object> statements, List<AttachmentContent> attachments, Principal principal,
      XapiVersion version) {
    return authorise(principal, SCOPE_WRITE, SCOPE_ALL)
        .compose(v -> prepare(statements, principal, version))
        .compose(records -> checkAttachments(statements, attachments).map(records))
        .compose(records -> store.store(records, attachments)
            .recover(failure -> Future.failedFuture(storeFailure(failure)))
            .map(outcome -> new StoreResult(records.stream().map(r -> r.id().toString()).toList(), outcome.stored())));
  }

  /** A conflicting id is a 409, a value PostgreSQL cannot hold a 400; anything else stays a server error. */
  private static Throwable storeFailure(Throwable failure) {
    if (failure instanceof StatementStore.StatementIdConflict conflict) {
      return new XapiException.Conflict(conflict.getMessage());
    }
    if (failure instanceof StatementStore.UnstorableStatement) {
      return new XapiException.BadRequest("statement.storable", "$",
          "the statement holds a value that cannot be stored, such as a U+0000 character in a string");
    }
    return failure;
  }

  private static Future<Void> checkAttachments(List<Object> statements, List<AttachmentContent> attachments) {
    java.util.Map<String, AttachmentContent> parts = new java.util.LinkedHashMap<>();
    attachments.forEach(part -> parts.put(part.sha2(), part));
    try {
      AttachmentRules.check(statements, parts);
      return Future.succeededFuture();
    } catch (XapiException e) {
      return Future.failedFuture(e);
    }
  }

  /** The content of the attachments these statements refer to, where the LRS holds it. */
  public Future<List<AttachmentContent>> attachmentsOf(List<JsonObject> statements) {
    Set<String> sha2s = new java.util.LinkedHashSet<>();
    for (JsonObject statement : statements) {
      if (statement.getValue("attachments") instanceof JsonArray attachments) {
        attachments.forEach(a -> sha2s.add(((JsonObject) a).getString("sha2")));
      }
    }
    return store.attachments(sha2s);
  }

  /** Stores one statement under the id given in the URL (PUT). */
  public Future<StoreResult> put(String statementId, Object statement, Principal principal, XapiVersion version) {
    return put(statementId, statement, List.of(), principal, version);
  }

  public Future<StoreResult> put(String statementId, Object statement, List<AttachmentContent> attachments,
      Principal principal, XapiVersion version) {
    UUID id = parseUuid(statementId, "statementId");
    if (!(statement instanceof JsonObject object)) {
      return Future.failedFuture(new XapiException.BadRequest("statement.object", "$",
          "PUT takes a single statement object"));
    }
    if (object.containsKey("id") && !id.toString().equalsIgnoreCase(String.valueOf(object.getValue("id")))) {
      return Future.failedFuture(new XapiException.BadRequest("put.id.matches", "$.id",
          "the statement id must match the statementId parameter"));
    }
    JsonObject withId = object.copy().put("id", id.toString());
    return store(List.of(withId), attachments, principal, version);
  }

  /** A statement by id (or voided id) in the caller's store, as stored. */
  public Future<StatementStore.StoredStatement> find(String statementId, boolean voided, Principal principal) {
    UUID id = parseUuid(statementId, voided ? "voidedStatementId" : "statementId");
    return authorise(principal, SCOPE_READ, SCOPE_READ_MINE, SCOPE_ALL_READ, SCOPE_ALL)
        .compose(v -> store.find(id, principal.organisationId(), onlyCredential(principal)))
        .compose(found -> found
            .filter(statement -> statement.voided() == voided)
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new XapiException.NotFound("no statement with that id"))));
  }

  public Future<StatementPage> query(StatementQuery query, Principal principal) {
    return authorise(principal, SCOPE_READ, SCOPE_READ_MINE, SCOPE_ALL_READ, SCOPE_ALL)
        .compose(v -> store.query(query.readBy(principal.organisationId(), onlyCredential(principal))));
  }

  /** The Activities resource: the canonical Activity object (just the id when nothing defines it). */
  public Future<JsonObject> activity(String activityId, Principal principal) {
    return authorise(principal, SCOPE_READ, SCOPE_READ_MINE, SCOPE_ALL_READ, SCOPE_ALL, "define")
        .compose(v -> store.activityDefinition(principal.organisationId(), activityId))
        .map(definition -> {
          JsonObject activity = new JsonObject().put("objectType", "Activity").put("id", activityId);
          definition.ifPresent(d -> activity.put("definition", d));
          return activity;
        });
  }

  /**
   * Every credential reads its own organisation's statements only (whatever its scopes: {@code all} and
   * {@code all/read} are all of the organisation's, not the hub's). A credential whose only read scope is
   * {@code statements/read/mine} reads just the statements it stored itself: its key, else null.
   */
  private static String onlyCredential(Principal principal) {
    return principal.hasAnyScope(SCOPE_READ, SCOPE_ALL_READ, SCOPE_ALL) ? null : principal.credentialKey();
  }

  /**
   * Fails with 403 unless the credential may store statements: checked before a request body is parsed,
   * so a credential without the scope costs no parsing (the store checks again).
   */
  public void requireWriteScope(Principal principal) {
    if (!principal.hasAnyScope(SCOPE_WRITE, SCOPE_ALL)) {
      throw new XapiException.Forbidden("this credential needs one of the scopes " + List.of(SCOPE_WRITE, SCOPE_ALL));
    }
  }

  private Future<Void> authorise(Principal principal, String... scopes) {
    return principal.hasAnyScope(scopes)
        ? Future.succeededFuture()
        : Future.failedFuture(new XapiException.Forbidden("this credential needs one of the scopes " + List.of(scopes)));
  }

  private Future<List<StatementRecord>> prepare(List<Object> statements, Principal principal, XapiVersion version) {
    if (statements.isEmpty()) {
      return Future.failedFuture(new XapiException.BadRequest("batch.non-empty", "$", "no statements were sent"));
    }
    if (statements.size() > MAX_BATCH) {
      return Future.failedFuture(new XapiException.BadRequest("batch.size", "$",
          "at most " + MAX_BATCH + " statements per request"));
    }
    List<Violation> violations = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < statements.size(); i++) {
      String path = statements.size() == 1 ? "$" : "$[" + i + "]";
      Object statement = statements.get(i);
      for (Violation v : StatementValidator.validate(statement, version)) {
        violations.add(new Violation(v.rule(), path + v.path().substring(1), v.message()));
      }
      if (statement instanceof JsonObject object && object.getValue("id") instanceof String id
          && !ids.add(id.toLowerCase())) {
        violations.add(new Violation("batch.unique-ids", path + ".id", "the same statement id appears twice in the batch"));
      }
    }
    if (!violations.isEmpty()) {
      return Future.failedFuture(new XapiException.BadRequest("statement is not valid xAPI " + version.label(), violations));
    }
    // When the request arrived; the store stamps the final `stored` in commit order (StatementRecord.storedAt).
    Instant stored = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return Future.succeededFuture(
        statements.stream().map(s -> complete((JsonObject) s, principal, version, stored)).toList());
  }

  private static StatementRecord complete(JsonObject original, Principal principal, XapiVersion version,
      Instant stored) {
    JsonObject submitted = normalise(original.copy());
    UUID id = submitted.containsKey("id") ? UUID.fromString(submitted.getString("id")) : TimeOrderedIds.next();
    JsonObject payload = submitted.copy()
        .put("id", id.toString())
        .put("stored", StatementRecord.timestamp(stored))
        .put("authority", principal.authority())
        .put("version", submitted.getString("version", version == XapiVersion.V1_0_3 ? "1.0.0" : "2.0.0"));
    if (!payload.containsKey("timestamp")) {
      payload.put("timestamp", StatementRecord.timestamp(stored));
    }
    JsonObject object = payload.getJsonObject("object");
    boolean voiding = Verbs.VOIDED.equals(payload.getJsonObject("verb").getString("id"));
    String learnerKey = Actors.learnerKey(payload);
    return new StatementRecord(
        id,
        stored,
        payload,
        submitted,
        learnerKey,
        payload.getJsonObject("verb").getString("id"),
        "Activity".equals(object.getString("objectType", "Activity")) ? object.getString("id") : null,
        registration(payload),
        voiding ? UUID.fromString(object.getString("id")) : null,
        "StatementRef".equals(object.getString("objectType")) ? UUID.fromString(object.getString("id")) : null,
        principal.organisationId(),
        principal.credentialKey(),
        StatementIndex.agents(payload),
        StatementIndex.activities(payload),
        StatementIndex.definitions(payload));
  }

  /** Context activities are always stored as arrays, as the spec asks the LRS to return them. */
  static JsonObject normalise(JsonObject statement) {
    JsonObject context = statement.getJsonObject("context");
    JsonObject activities = context == null ? null : context.getJsonObject("contextActivities");
    if (activities != null) {
      for (String kind : activities.fieldNames()) {
        if (activities.getValue(kind) instanceof JsonObject single) {
          activities.put(kind, new JsonArray().add(single));
        }
      }
    }
    JsonObject object = statement.getJsonObject("object");
    if (object != null && "SubStatement".equals(object.getString("objectType"))) {
      normalise(object);
    }
    return statement;
  }

  private static UUID registration(JsonObject statement) {
    JsonObject context = statement.getJsonObject("context");
    String registration = context == null ? null : context.getString("registration");
    return registration == null ? null : UUID.fromString(registration);
  }

  static UUID parseUuid(String value, String parameter) {
    try {
      return UUID.fromString(Optional.ofNullable(value).orElseThrow());
    } catch (RuntimeException e) {
      throw new XapiException.BadRequest("parameter." + parameter + ".uuid", parameter, parameter + " must be a UUID");
    }
  }

  /** A JSON body as a list of statements (a single object becomes a batch of one). */
  public static List<Object> asBatch(Object body) {
    if (body instanceof JsonArray array) {
      List<Object> statements = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        statements.add(array.getValue(i));
      }
      return statements;
    }
    List<Object> single = new ArrayList<>(1);
    single.add(body);
    return single;
  }
}
