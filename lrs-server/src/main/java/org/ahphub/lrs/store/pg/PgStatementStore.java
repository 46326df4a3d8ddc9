package org.ahphub.lrs.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.ahphub.events.Topics;
import org.ahphub.xapi.StatementComparison;

/** {@link StatementStore} on PostgreSQL: set-based writes (unnest, one SQL statement per batch), keyset reads. */
public final class PgStatementStore implements StatementStore {

  private static final String STORE_STATEMENTS = SqlResources.load("sql/lrs/store-statements.sql");
  private static final String SELECT_PAYLOADS = SqlResources.load("sql/lrs/select-payloads-by-id.sql");
  private static final String MARK_VOIDED = SqlResources.load("sql/lrs/mark-voided.sql");
  private static final String SELECT_STATEMENT = SqlResources.load("sql/lrs/select-statement.sql");
  private static final String QUERY_DESCENDING = SqlResources.load("sql/lrs/query-statements-descending.sql");
  private static final String QUERY_ASCENDING = SqlResources.load("sql/lrs/query-statements-ascending.sql");
  private static final String SELECT_ACTIVITY = SqlResources.load("sql/lrs/select-activity.sql");
  private static final Directed BY_REGISTRATION = Directed.load("sql/lrs/query-by-registration.sql");
  private static final Directed BY_AGENT = Directed.load("sql/lrs/query-by-agent.sql");
  private static final Directed BY_ACTIVITY = Directed.load("sql/lrs/query-by-activity.sql");
  private static final Directed BY_VERB = Directed.load("sql/lrs/query-by-verb.sql");
  private static final Directed BY_VERB_ACTIVITY = Directed.load("sql/lrs/query-by-verb-activity.sql");
  private static final Directed REFS = Directed.load("sql/lrs/query-refs.sql");
  private static final String INSERT_ATTACHMENTS = SqlResources.load("sql/lrs/insert-attachments.sql");
  private static final String SELECT_ATTACHMENTS = SqlResources.load("sql/lrs/select-attachments.sql");
  private static final String CONSISTENT_THROUGH = SqlResources.load("sql/lrs/consistent-through.sql");

  private final Pool pool;

  public PgStatementStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * One SQL statement writes the statements, their index rows, their outbox events and the activity
   * definitions. When nothing can conflict (every id assigned by the LRS, no voiding, no attachments)
   * that statement is the transaction: one round trip. Otherwise it runs in a transaction with the
   * attachments, the comparison of re-sent ids and the voiding, so a conflict stores nothing.
   */
  @Override
  public Future<StoreOutcome> store(List<StatementRecord> statements, List<AttachmentContent> attachments) {
    boolean independent = attachments.isEmpty() && statements.stream()
        .allMatch(s -> s.voids() == null && !s.submitted().containsKey("id"));
    if (independent) {
      return insertStatements(pool, statements)
          .map(inserted -> new StoreOutcome(inserted.size(), statements.size() - inserted.size()));
    }
    return pool.withTransaction(connection -> insertAttachments(connection, attachments)
        .compose(v -> insertStatements(connection, statements))
        .compose(inserted -> checkDuplicates(connection, statements, inserted)
            .compose(v -> markVoided(connection, statements, inserted))
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
  private Future<Map<UUID, Long>> insertStatements(SqlClient client, List<StatementRecord> statements) {
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
    String[] eventKeys = new String[n];
    JsonObject[] events = new JsonObject[n];
    List<UUID> agentStatements = new ArrayList<>();
    List<String> agentKeys = new ArrayList<>();
    List<String> agentRelations = new ArrayList<>();
    List<UUID> activityStatements = new ArrayList<>();
    List<String> activityIds = new ArrayList<>();
    List<String> activityRelations = new ArrayList<>();
    // Re-sent statements count too: a definition is not part of the statement (Statement Immutability),
    // so a course renamed at the source reaches the Activities resource when its statements are re-sent.
    Map<String, JsonObject> definitions = new LinkedHashMap<>();
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
      eventKeys[i] = s.event().key();
      events[i] = s.event().event().toJson();
      for (IndexEntry agent : s.agents()) {
        agentStatements.add(s.id());
        agentKeys.add(agent.key());
        agentRelations.add(agent.relation());
      }
      for (IndexEntry activity : s.activities()) {
        activityStatements.add(s.id());
        activityIds.add(activity.key());
        activityRelations.add(activity.relation());
      }
      s.definitions().forEach((id, definition) -> definitions.merge(id, definition, StatementRecord::mergeDefinitions));
    }
    OffsetDateTime seen = statements.get(n - 1).stored().atOffset(ZoneOffset.UTC);
    return client.preparedQuery(STORE_STATEMENTS)
        .execute(Tuple.wrap(new Object[] {ids, stored, payloads, learners, verbs, activities, registrations, voids,
            organisations, authorityKeys, refs,
            agentStatements.toArray(UUID[]::new), agentKeys.toArray(String[]::new),
            agentRelations.toArray(String[]::new),
            activityStatements.toArray(UUID[]::new), activityIds.toArray(String[]::new),
            activityRelations.toArray(String[]::new),
            Topics.LRS_STATEMENTS, eventKeys, events,
            definitions.keySet().toArray(String[]::new), definitions.values().toArray(JsonObject[]::new), seen}))
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

  @Override
  public Future<Optional<JsonObject>> activityDefinition(String activityId) {
    return pool.preparedQuery(SELECT_ACTIVITY).execute(Tuple.of(activityId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of((JsonObject) rows.iterator().next().getValue("definition")));
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

  /** A query in both paging directions: {@code {order}} and {@code {after}} fixed when it is loaded. */
  private record Directed(String ascending, String descending) {
    static Directed load(String resource) {
      String sql = SqlResources.load(resource);
      return new Directed(sql.replace("{order}", "ASC").replace("{after}", ">"),
          sql.replace("{order}", "DESC").replace("{after}", "<"));
    }

    String of(boolean ascending) {
      return ascending ? this.ascending : descending;
    }
  }

  /**
   * The most selective filter given drives the query through its index (registration, agent, verb and
   * object activity, activity, verb), so every filtered query is an index range scan in seq order that stops when the page is
   * full. With a filter, statements referring to a matching statement match too: a second query, run
   * at the same time, and merged here.
   */
  private Future<List<Row>> runQuery(StatementQuery q) {
    Tuple parameters = Tuple.wrap(new Object[] {
        q.agentKey(), q.relatedAgents(), q.verb(), q.activity(), q.relatedActivities(), q.registration(),
        q.since() == null ? null : q.since().atOffset(ZoneOffset.UTC),
        q.until() == null ? null : q.until().atOffset(ZoneOffset.UTC),
        q.cursor(), q.limit() + 1, q.authorityOrganisation()});
    Directed driver = q.registration() != null ? BY_REGISTRATION
        : q.agentKey() != null ? BY_AGENT
        : q.verb() != null && q.activity() != null && !q.relatedActivities() ? BY_VERB_ACTIVITY
        : q.activity() != null ? BY_ACTIVITY
        : q.verb() != null ? BY_VERB
        : null;
    if (driver == null) {
      return pool.preparedQuery(q.ascending() ? QUERY_ASCENDING : QUERY_DESCENDING).execute(parameters)
          .map(PgStatementStore::rows);
    }
    Future<RowSet<Row>> matching = pool.preparedQuery(driver.of(q.ascending())).execute(parameters);
    Future<RowSet<Row>> referring = pool.preparedQuery(REFS.of(q.ascending())).execute(parameters);
    return Future.all(matching, referring).map(v -> merge(matching.result(), referring.result(), q.ascending(),
        q.limit() + 1));
  }

  private static List<Row> rows(RowSet<Row> rows) {
    List<Row> list = new ArrayList<>(rows.size());
    rows.forEach(list::add);
    return list;
  }

  /** Both answers in seq order (a statement in both once), at most {@code limit}. */
  private static List<Row> merge(RowSet<Row> first, RowSet<Row> second, boolean ascending, int limit) {
    if (second.size() == 0) {
      return rows(first);
    }
    java.util.TreeMap<Long, Row> bySeq = new java.util.TreeMap<>(
        ascending ? java.util.Comparator.<Long>naturalOrder() : java.util.Comparator.<Long>reverseOrder());
    first.forEach(row -> bySeq.put(row.getLong("seq"), row));
    second.forEach(row -> bySeq.putIfAbsent(row.getLong("seq"), row));
    return bySeq.values().stream().limit(limit).toList();
  }

  private static StatementPage toPage(List<Row> rows, StatementQuery query, Instant consistentThrough) {
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
