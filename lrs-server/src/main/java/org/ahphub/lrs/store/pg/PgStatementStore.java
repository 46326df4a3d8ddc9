package org.ahphub.lrs.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.lrs.service.AttachmentContent;
import org.ahphub.lrs.service.StatementQuery;
import org.ahphub.lrs.service.StatementRecord;
import org.ahphub.lrs.service.StatementRecord.IndexEntry;
import org.ahphub.lrs.store.StatementStore;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.outbox.Outbox;
import org.ahphub.platform.outbox.OutboxMessage;
import org.ahphub.xapi.StatementComparison;

/** {@link StatementStore} on PostgreSQL: set-based writes (unnest), keyset reads. */
public final class PgStatementStore implements StatementStore {

  private static final String INSERT_STATEMENTS = SqlResources.load("sql/lrs/insert-statements.sql");
  private static final String INSERT_AGENTS = SqlResources.load("sql/lrs/insert-statement-agents.sql");
  private static final String INSERT_ACTIVITIES = SqlResources.load("sql/lrs/insert-statement-activities.sql");
  private static final String SELECT_PAYLOADS = SqlResources.load("sql/lrs/select-payloads-by-id.sql");
  private static final String MARK_VOIDED = SqlResources.load("sql/lrs/mark-voided.sql");
  private static final String SELECT_STATEMENT = SqlResources.load("sql/lrs/select-statement.sql");
  private static final String QUERY_DESCENDING = SqlResources.load("sql/lrs/query-statements-descending.sql");
  private static final String QUERY_ASCENDING = SqlResources.load("sql/lrs/query-statements-ascending.sql");
  private static final String UPSERT_ACTIVITIES = SqlResources.load("sql/lrs/upsert-activities.sql");
  private static final String SELECT_ACTIVITY = SqlResources.load("sql/lrs/select-activity.sql");
  private static final String QUERY_DESCENDING_REFS =
      SqlResources.load("sql/lrs/query-statements-descending-with-refs.sql");
  private static final String QUERY_ASCENDING_REFS = SqlResources.load("sql/lrs/query-statements-ascending-with-refs.sql");
  private static final String INSERT_ATTACHMENTS = SqlResources.load("sql/lrs/insert-attachments.sql");
  private static final String SELECT_ATTACHMENTS = SqlResources.load("sql/lrs/select-attachments.sql");
  private static final String CONSISTENT_THROUGH = SqlResources.load("sql/lrs/consistent-through.sql");

  private final Pool pool;
  private final Outbox outbox = new Outbox("lrs");

  public PgStatementStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<StoreOutcome> store(List<StatementRecord> statements, List<AttachmentContent> attachments) {
    return pool.withTransaction(connection -> insertAttachments(connection, attachments)
        .compose(v -> insertStatements(connection, statements))
        .compose(inserted -> checkDuplicates(connection, statements, inserted)
            .compose(v -> insertIndexRows(connection, statements, inserted))
            .compose(v -> markVoided(connection, statements, inserted))
            .compose(v -> upsertActivities(connection, statements, inserted))
            .compose(v -> outbox.append(connection, eventsOf(statements, inserted)))
            .map(v -> new StoreOutcome(inserted.size(), statements.size() - inserted.size()))));
  }

  private Future<Void> insertAttachments(SqlConnection connection, List<AttachmentContent> attachments) {
    if (attachments.isEmpty()) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(INSERT_ATTACHMENTS).execute(Tuple.of(
            attachments.stream().map(AttachmentContent::sha2).toArray(String[]::new),
            attachments.stream().map(AttachmentContent::contentType).toArray(String[]::new),
            attachments.stream().map(AttachmentContent::content).toArray(io.vertx.core.buffer.Buffer[]::new)))
        .mapEmpty();
  }

  @Override
  public Future<List<AttachmentContent>> attachments(java.util.Collection<String> sha2s) {
    if (sha2s.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(SELECT_ATTACHMENTS).execute(Tuple.of(sha2s.toArray(String[]::new)))
        .map(rows -> {
          List<AttachmentContent> found = new ArrayList<>();
          rows.forEach(row -> found.add(new AttachmentContent(row.getString("sha2"), row.getString("content_type"),
              row.getBuffer("content"))));
          return found;
        });
  }

  /** Returns the sequence number of each statement that was new. */
  private Future<Map<UUID, Long>> insertStatements(SqlConnection connection, List<StatementRecord> statements) {
    int n = statements.size();
    UUID[] ids = new UUID[n];
    OffsetDateTime[] stored = new OffsetDateTime[n];
    JsonObject[] payloads = new JsonObject[n];
    String[] learners = new String[n];
    String[] verbs = new String[n];
    String[] activities = new String[n];
    UUID[] registrations = new UUID[n];
    UUID[] voids = new UUID[n];
    UUID[] organisations = new UUID[n];
    String[] authorityKeys = new String[n];
    UUID[] refs = new UUID[n];
    for (int i = 0; i < n; i++) {
      StatementRecord s = statements.get(i);
      ids[i] = s.id();
      stored[i] = s.stored().atOffset(ZoneOffset.UTC);
      payloads[i] = s.payload();
      learners[i] = s.learnerKey();
      verbs[i] = s.verbId();
      activities[i] = s.objectActivityId();
      registrations[i] = s.registration();
      voids[i] = s.voids();
      organisations[i] = s.authorityOrganisation();
      authorityKeys[i] = s.authorityKey();
      refs[i] = s.refersTo();
    }
    return connection.preparedQuery(INSERT_STATEMENTS)
        .execute(Tuple.wrap(new Object[] {ids, stored, payloads, learners, verbs, activities, registrations, voids,
            organisations, authorityKeys, refs}))
        .map(rows -> {
          Map<UUID, Long> inserted = new HashMap<>();
          rows.forEach(row -> inserted.put(row.getUUID("id"), row.getLong("seq")));
          return inserted;
        });
  }

  private Future<Void> checkDuplicates(SqlConnection connection, List<StatementRecord> statements,
      Map<UUID, Long> inserted) {
    List<StatementRecord> existing = statements.stream().filter(s -> !inserted.containsKey(s.id())).toList();
    if (existing.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] ids = existing.stream().map(StatementRecord::id).toArray(UUID[]::new);
    return connection.preparedQuery(SELECT_PAYLOADS).execute(Tuple.of(ids)).compose(rows -> {
      Map<UUID, JsonObject> stored = new HashMap<>();
      rows.forEach(row -> stored.put(row.getUUID("id"), (JsonObject) row.getValue("payload")));
      for (StatementRecord statement : existing) {
        if (!StatementComparison.sameStatement(stored.get(statement.id()), statement.submitted())) {
          return Future.failedFuture(new StatementIdConflict(statement.id()));
        }
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> insertIndexRows(SqlConnection connection, List<StatementRecord> statements,
      Map<UUID, Long> inserted) {
    List<Object[]> agents = new ArrayList<>();
    List<Object[]> activities = new ArrayList<>();
    for (StatementRecord statement : statements) {
      Long seq = inserted.get(statement.id());
      if (seq == null) {
        continue;
      }
      for (IndexEntry agent : statement.agents()) {
        agents.add(new Object[] {agent.key(), seq, agent.relation()});
      }
      for (IndexEntry activity : statement.activities()) {
        activities.add(new Object[] {activity.key(), seq, activity.relation()});
      }
    }
    return Future.all(insertLinks(connection, INSERT_AGENTS, agents), insertLinks(connection, INSERT_ACTIVITIES, activities))
        .mapEmpty();
  }

  private static Future<RowSet<Row>> insertLinks(SqlConnection connection, String sql, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] keys = rows.stream().map(r -> (String) r[0]).toArray(String[]::new);
    Long[] seqs = rows.stream().map(r -> (Long) r[1]).toArray(Long[]::new);
    String[] relations = rows.stream().map(r -> (String) r[2]).toArray(String[]::new);
    return connection.preparedQuery(sql).execute(Tuple.of(keys, seqs, relations));
  }

  private Future<Void> markVoided(SqlConnection connection, List<StatementRecord> statements, Map<UUID, Long> inserted) {
    UUID[] targets = statements.stream()
        .filter(s -> s.voids() != null && inserted.containsKey(s.id()))
        .map(StatementRecord::voids)
        .toArray(UUID[]::new);
    if (targets.length == 0) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(MARK_VOIDED).execute(Tuple.of(targets)).mapEmpty();
  }

  private Future<Void> upsertActivities(SqlConnection connection, List<StatementRecord> statements,
      Map<UUID, Long> inserted) {
    Map<String, JsonObject> definitions = new java.util.LinkedHashMap<>();
    Instant updated = null;
    for (StatementRecord statement : statements) {
      if (inserted.containsKey(statement.id())) {
        statement.definitions().forEach((id, definition) -> definitions.merge(id, definition,
            org.ahphub.lrs.service.StatementRecord::mergeDefinitions));
        updated = statement.stored();
      }
    }
    if (definitions.isEmpty()) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(UPSERT_ACTIVITIES)
        .execute(Tuple.of(definitions.keySet().toArray(String[]::new),
            definitions.values().toArray(JsonObject[]::new), updated.atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  @Override
  public Future<Optional<JsonObject>> activityDefinition(String activityId) {
    return pool.preparedQuery(SELECT_ACTIVITY).execute(Tuple.of(activityId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of((JsonObject) rows.iterator().next().getValue("definition")));
  }

  private static List<OutboxMessage> eventsOf(List<StatementRecord> statements, Map<UUID, Long> inserted) {
    return statements.stream().filter(s -> inserted.containsKey(s.id())).map(StatementRecord::event).toList();
  }

  @Override
  public Future<Optional<StoredStatement>> find(UUID id, UUID authorityOrganisation) {
    return pool.preparedQuery(SELECT_STATEMENT).execute(Tuple.of(id, authorityOrganisation))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new StoredStatement((JsonObject) row.getValue("payload"), row.getBoolean("voided"),
              row.getOffsetDateTime("stored").toInstant()));
        });
  }

  @Override
  public Future<StatementPage> query(StatementQuery query) {
    // Read the consistency point first: everything stored before it is visible to the query.
    return pool.query(CONSISTENT_THROUGH).execute()
        .map(rows -> rows.iterator().next().getOffsetDateTime("consistent_through").toInstant())
        .compose(consistentThrough -> runQuery(query).map(rows -> toPage(rows, query, consistentThrough)));
  }

  private Future<RowSet<Row>> runQuery(StatementQuery q) {
    Tuple parameters = Tuple.wrap(new Object[] {
        q.agentKey(), q.relatedAgents(), q.verb(), q.activity(), q.relatedActivities(), q.registration(),
        q.since() == null ? null : q.since().atOffset(ZoneOffset.UTC),
        q.until() == null ? null : q.until().atOffset(ZoneOffset.UTC),
        q.cursor(), q.limit() + 1, q.authorityOrganisation()});
    // With a filter, statements referring to a matching statement match too (a second, indexed branch).
    boolean filtered = q.agentKey() != null || q.verb() != null || q.activity() != null || q.registration() != null;
    String sql = filtered
        ? (q.ascending() ? QUERY_ASCENDING_REFS : QUERY_DESCENDING_REFS)
        : (q.ascending() ? QUERY_ASCENDING : QUERY_DESCENDING);
    return pool.preparedQuery(sql).execute(parameters);
  }

  private static StatementPage toPage(RowSet<Row> rows, StatementQuery query, Instant consistentThrough) {
    List<JsonObject> statements = new ArrayList<>(Math.min(rows.size(), query.limit()));
    Long lastSeq = null;
    for (Row row : rows) {
      if (statements.size() == query.limit()) {
        return new StatementPage(statements, Optional.of(lastSeq), consistentThrough);
      }
      statements.add((JsonObject) row.getValue("payload"));
      lastSeq = row.getLong("seq");
    }
    return new StatementPage(statements, Optional.empty(), consistentThrough);
  }
}
