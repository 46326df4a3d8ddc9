package org.ahphub.lrs.store.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.lrs.store.AttachmentContent;
import org.ahphub.lrs.store.StatementQuery;
import org.ahphub.lrs.store.StatementRecord;
import org.ahphub.lrs.store.StatementStore;
import org.ahphub.lrs.store.pg.StatementQueries.Driver;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.db.SqlStates;

/**
 * {@link StatementStore} on PostgreSQL: writes through {@link StatementWriter} (set-based, one SQL statement per
 * group of requests, no lock across the transaction), keyset reads below the commit-order watermark.
 */
public final class PgStatementStore implements StatementStore {

  private static final String SELECT_STATEMENT = SqlResources.load("sql/lrs/select-statement.sql");
  private static final String SELECT_ACTIVITY = SqlResources.load("sql/lrs/select-activity.sql");
  static final StatementQueries QUERIES = StatementQueries.load("sql/lrs/query-statements.sql");
  private static final String SELECT_ATTACHMENTS = SqlResources.load("sql/lrs/select-attachments.sql");
  private static final String CONSISTENT_THROUGH = SqlResources.load("sql/lrs/consistent-through.sql");

  private final Pool pool;
  private final StatementWriter writer;

  /**
   * {@code writerTransactions} statement-writing transactions may be open at once; {@code afterCommit} runs
   * after each commits (the relay publishes sooner).
   */
  public PgStatementStore(Vertx vertx, Pool pool, int writerTransactions, Runnable afterCommit) {
    this(pool, new StatementWriter(vertx, pool, writerTransactions, afterCommit));
  }

  /** With a writer of the test's own (one that delays its commits). */
  PgStatementStore(Pool pool, StatementWriter writer) {
    this.pool = pool;
    this.writer = writer;
  }

  @Override
  public Future<StoreOutcome> store(List<StatementRecord> statements, List<AttachmentContent> attachments) {
    return writer.write(statements, attachments).recover(failure -> Future.failedFuture(
        SqlStates.isDataException(failure) ? new UnstorableStatement(failure) : failure));
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

  @Override
  public Future<Optional<JsonObject>> activityDefinition(UUID organisation, String activityId) {
    return pool.preparedQuery(SELECT_ACTIVITY).execute(Tuple.of(activityId, organisation))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of((JsonObject) rows.iterator().next().getValue("definition")));
  }

  @Override
  public Future<Optional<StoredStatement>> find(UUID id, UUID organisation, String credentialKey) {
    return pool.preparedQuery(SELECT_STATEMENT).execute(Tuple.of(id, organisation, credentialKey))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new StoredStatement(row.getString("payload"), row.getBoolean("voided"),
              row.getOffsetDateTime("stored").toInstant()));
        });
  }

  @Override
  public Future<StatementPage> query(StatementQuery query) {
    // The consistency point and the commit-order watermark (which the query reads from the session) must be read
    // before the query's snapshot is taken, so that everything below them is visible to the query. One connection
    // runs its commands in the order they were sent: sending them together keeps that order and saves a round trip.
    return pool.withConnection(connection -> {
      Future<Instant> consistentThrough = connection.preparedQuery(CONSISTENT_THROUGH)
          .execute()
          .map(rows -> rows.iterator().next().getOffsetDateTime("consistent_through").toInstant());
      Future<List<Row>> rows = runQuery(connection, query);
      return Future.all(consistentThrough, rows)
          .map(v -> toPage(rows.result(), query, consistentThrough.result()));
    });
  }

  /**
   * The most selective filter given drives the query through its index (registration, agent, verb and
   * object activity, activity, verb), so every filtered query is an index range scan in seq order that stops when the page is
   * full. With a filter, statements referring to a matching statement match too: a second query, sent
   * with the first, and merged here.
   */
  private Future<List<Row>> runQuery(SqlClient connection, StatementQuery q) {
    Tuple parameters = parameters(q);
    Driver driver = driver(q);
    if (driver == Driver.ALL) {
      return connection.preparedQuery(QUERIES.of(Driver.ALL, q.ascending())).execute(parameters)
          .map(PgStatementStore::rows);
    }
    Future<RowSet<Row>> matching = connection.preparedQuery(QUERIES.of(driver, q.ascending())).execute(parameters);
    Future<RowSet<Row>> referring = connection.preparedQuery(QUERIES.of(Driver.REFS, q.ascending()))
        .execute(parameters);
    return Future.all(matching, referring).map(v -> merge(matching.result(), referring.result(), q.ascending(),
        q.limit() + 1));
  }

  /** The parameters every statements query takes, as the template in query-statements.sql numbers them. */
  static Tuple parameters(StatementQuery q) {
    return Tuple.wrap(new Object[] {
        LinkKeys.hash(q.agentKey()), q.relatedAgents(), q.verb(), q.activity(), q.relatedActivities(),
        q.registration(),
        q.since() == null ? null : q.since().atOffset(ZoneOffset.UTC),
        q.until() == null ? null : q.until().atOffset(ZoneOffset.UTC),
        q.cursor(), q.limit() + 1, q.organisation(), LinkKeys.hash(q.activity()), q.credentialKey()});
  }

  /** The index whose rows drive the query: the most selective filter given. */
  static Driver driver(StatementQuery q) {
    return q.registration() != null ? Driver.REGISTRATION
        : q.agentKey() != null ? (q.relatedAgents() ? Driver.RELATED_AGENT : Driver.AGENT)
        : q.verb() != null && q.activity() != null && !q.relatedActivities() ? Driver.VERB_ACTIVITY
        : q.activity() != null ? Driver.ACTIVITY
        : q.verb() != null ? Driver.VERB
        : Driver.ALL;
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
    List<String> statements = new ArrayList<>(Math.min(rows.size(), query.limit()));
    Long lastSeq = null;
    for (Row row : rows) {
      if (statements.size() == query.limit()) {
        return new StatementPage(statements, Optional.of(lastSeq), consistentThrough);
      }
      statements.add(row.getString("payload"));
      lastSeq = row.getLong("seq");
    }
    return new StatementPage(statements, Optional.empty(), consistentThrough);
  }
}
