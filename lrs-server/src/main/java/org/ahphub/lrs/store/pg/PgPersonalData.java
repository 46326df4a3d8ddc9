package org.ahphub.lrs.store.pg;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.privacy.DataSubject;
import org.ahphub.platform.privacy.ExportArchive;
import org.ahphub.platform.privacy.PersonalData;
import org.ahphub.xapi.Actors;

/**
 * What the LRS holds about a person: the statements whose actor they are (alone or in a group), with their
 * attachments; the documents (State, Agent Profile) about them; the Person record the mapper published.
 *
 * <p>Erasure deletes those. A statement that names the person otherwise (as instructor, team member, object) is
 * someone else's record: it stays, with the person replaced by {@link #ERASED_HOME_PAGE}'s placeholder agent.
 * Link rows of other agents and activities that pointed at a deleted statement stay behind, pointing at nothing:
 * every read joins them to the statement table, and they name no one erased.
 */
public final class PgPersonalData implements PersonalData {

  /** The home page of the agent that stands in for an erased person in other people's statements. */
  public static final String ERASED_HOME_PAGE = "https://ahp-hub.invalid/erased";
  private static final int PAGE = 500;
  private static final String STATEMENTS_OF = SqlResources.load("sql/lrs/privacy/select-statements-of.sql");
  private static final String DOCUMENTS_OF = SqlResources.load("sql/lrs/privacy/select-documents-of.sql");
  private static final String ATTACHMENT = SqlResources.load("sql/lrs/privacy/select-attachment.sql");
  private static final String DELETE_STATEMENTS = SqlResources.load("sql/lrs/privacy/delete-statements-of.sql");
  private static final String DELETE_ORPHANS = SqlResources.load("sql/lrs/privacy/delete-orphan-attachments.sql");
  private static final String NAMING = SqlResources.load("sql/lrs/privacy/select-statements-naming.sql");
  private static final String REDACT = SqlResources.load("sql/lrs/privacy/redact-statements.sql");
  private static final String DELETE_REST = SqlResources.load("sql/lrs/privacy/delete-rest-of.sql");

  /** Registered in {@code META-INF/services}: the passport service finds the LRS's part on its class path. */
  public static final class Provider implements PersonalData.Provider {
    @Override
    public PersonalData create(Context context) {
      return new PgPersonalData(context.pool());
    }
  }

  private final Pool pool;

  public PgPersonalData(Pool pool) {
    this.pool = pool;
  }

  @Override
  public String part() {
    return "lrs";
  }

  // ---------------------------------------------------------------- export

  @Override
  public Future<Void> export(DataSubject subject, ExportArchive archive) {
    UUID[] agents = hashes(subject);
    Set<String> attachments = new LinkedHashSet<>();
    ExportArchive.ArrayFile statements = archive.array("statements.json");
    return statementPages(agents, 0, statements, attachments)
        .compose(v -> statements.close())
        .compose(v -> attachmentFiles(new ArrayList<>(attachments), 0, archive))
        .compose(v -> documents(subject, archive))
        .onSuccess(documents -> archive.summarise("Learning records (xAPI statements)", List.of(
            statements.count() + " statements in which you are the actor, as each organisation sent them "
                + "(statements.json)",
            attachments.size() + " attachments sent with them (attachments/)",
            documents + " documents (State, Agent Profile) kept about you by learning platforms (documents.json)")))
        .mapEmpty();
  }

  private Future<Void> statementPages(UUID[] agents, long after, ExportArchive.ArrayFile out, Set<String> attachments) {
    return pool.preparedQuery(STATEMENTS_OF).execute(Tuple.of(agents, after, PAGE)).compose(rows -> {
      Future<Void> written = Future.succeededFuture();
      long last = after;
      for (Row row : rows) {
        last = row.getLong("seq");
        JsonObject statement = new JsonObject(row.getString("payload"));
        if (statement.getValue("attachments") instanceof JsonArray list) {
          list.stream().filter(JsonObject.class::isInstance).map(a -> ((JsonObject) a).getString("sha2"))
              .filter(sha2 -> sha2 != null).forEach(attachments::add);
        }
        JsonObject item = new JsonObject().put("organisation", row.getUUID("authority_org").toString())
            .put("stored", row.getOffsetDateTime("stored").toInstant().toString())
            .put("voided", row.getBoolean("voided")).put("statement", statement);
        written = written.compose(v -> out.add(item));
      }
      long next = last;
      return rows.size() < PAGE ? written : written.compose(v -> statementPages(agents, next, out, attachments));
    });
  }

  /** One attachment at a time, so only one is in memory. */
  private Future<Void> attachmentFiles(List<String> sha2s, int index, ExportArchive archive) {
    if (index >= sha2s.size()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(ATTACHMENT).execute(Tuple.of(sha2s.get(index)))
        .compose(rows -> rows.size() == 0 ? Future.<Void>succeededFuture()
            : archive.bytes("attachments/" + safeName(sha2s.get(index)), rows.iterator().next().getBuffer("content")))
        .compose(v -> attachmentFiles(sha2s, index + 1, archive));
  }

  private Future<Integer> documents(DataSubject subject, ExportArchive archive) {
    return pool.preparedQuery(DOCUMENTS_OF).execute(Tuple.of((Object) subject.identifierKeyArray())).compose(rows -> {
      JsonArray documents = new JsonArray();
      for (Row row : rows) {
        JsonObject document = new JsonObject().put("organisation", row.getUUID("organisation").toString())
            .put("kind", row.getString("kind")).put("id", row.getString("document_id"))
            .put("contentType", row.getString("content_type")).put("etag", row.getString("etag"))
            .put("updated", row.getOffsetDateTime("updated").toInstant().toString());
        if (!row.getString("activity_id").isEmpty()) {
          document.put("activityId", row.getString("activity_id"));
        }
        if (!row.getString("registration").isEmpty()) {
          document.put("registration", row.getString("registration"));
        }
        Buffer content = row.getBuffer("content");
        String type = row.getString("content_type");
        if (type.startsWith("application/json") || type.startsWith("text/")) {
          document.put("content", content.toString(StandardCharsets.UTF_8));
        } else {
          document.put("contentBase64", Base64.getEncoder().encodeToString(content.getBytes()));
        }
        documents.add(document);
      }
      return archive.json("documents.json", documents).map(documents.size());
    });
  }

  private static String safeName(String sha2) {
    return sha2.replaceAll("[^A-Za-z0-9]", "_");
  }

  // ---------------------------------------------------------------- erasure

  @Override
  public Future<Void> erase(DataSubject subject) {
    UUID[] agents = hashes(subject);
    Set<String> keys = Set.copyOf(subject.identifierKeys());
    return pool.withTransaction(connection -> connection.preparedQuery(DELETE_STATEMENTS).execute(Tuple.of((Object) agents))
        .compose(gone -> deleteOrphans(connection, gone))
        .compose(v -> connection.preparedQuery(NAMING).execute(Tuple.of((Object) agents)))
        .compose(naming -> redact(connection, naming, keys, subject.requestId()))
        .compose(v -> connection.preparedQuery(DELETE_REST).execute(Tuple.of(agents, subject.identifierKeyArray(),
            subject.personIdArray())))
        .mapEmpty());
  }

  private static Future<Void> deleteOrphans(SqlConnection connection, RowSet<Row> gone) {
    List<String> sha2s = new ArrayList<>();
    gone.forEach(row -> sha2s.add(row.getString("sha2")));
    return sha2s.isEmpty() ? Future.succeededFuture()
        : connection.preparedQuery(DELETE_ORPHANS).execute(Tuple.of((Object) sha2s.toArray(String[]::new))).mapEmpty();
  }

  private static Future<Void> redact(SqlConnection connection, RowSet<Row> naming, Set<String> keys, UUID erasureId) {
    List<Long> seqs = new ArrayList<>();
    List<JsonObject> payloads = new ArrayList<>();
    JsonObject placeholder = new JsonObject().put("objectType", "Agent")
        .put("account", new JsonObject().put("homePage", ERASED_HOME_PAGE).put("name", erasureId.toString()));
    for (Row row : naming) {
      JsonObject payload = new JsonObject(row.getString("payload"));
      if (replaceAgents(payload, keys, placeholder)) {
        seqs.add(row.getLong("seq"));
        payloads.add(payload);
      }
    }
    return seqs.isEmpty() ? Future.succeededFuture()
        : connection.preparedQuery(REDACT).execute(Tuple.of(seqs.toArray(Long[]::new), (Object)
            payloads.stream().map(JsonObject::encode).toArray(String[]::new))).mapEmpty();
  }

  /** Replaces, anywhere in {@code json}, each agent known by one of {@code keys}; whether any was replaced. */
  static boolean replaceAgents(Object json, Set<String> keys, JsonObject placeholder) {
    boolean replaced = false;
    if (json instanceof JsonObject object) {
      for (String field : List.copyOf(object.fieldNames())) {
        Object value = object.getValue(field);
        if (value instanceof JsonObject child && isOneOf(child, keys)) {
          object.put(field, placeholder.copy());
          replaced = true;
        } else {
          replaced |= replaceAgents(value, keys, placeholder);
        }
      }
    } else if (json instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        Object value = array.getValue(i);
        if (value instanceof JsonObject child && isOneOf(child, keys)) {
          array.set(i, placeholder.copy());
          replaced = true;
        } else {
          replaced |= replaceAgents(value, keys, placeholder);
        }
      }
    }
    return replaced;
  }

  private static boolean isOneOf(JsonObject candidate, Set<String> keys) {
    try {
      return Actors.identifierKey(candidate).map(keys::contains).orElse(false);
    } catch (RuntimeException notAnAgent) {
      return false;
    }
  }

  private static UUID[] hashes(DataSubject subject) {
    return subject.identifierKeys().stream().map(LinkKeys::hash).toArray(UUID[]::new);
  }
}
