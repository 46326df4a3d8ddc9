package org.ahphub.lrs.store.pg;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.lrs.store.AttachmentContent;
import org.ahphub.lrs.store.StatementRecord;
import org.ahphub.lrs.store.StatementRecord.IndexEntry;
import org.ahphub.lrs.store.StatementStore.StatementIdConflict;
import org.ahphub.lrs.store.StatementStore.StoreOutcome;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.db.SqlStates;
import org.ahphub.platform.trace.Traces;
import org.ahphub.xapi.StatementComparison;

/**
 * Writes statements, one transaction per group of the requests that arrive meanwhile: concurrent requests share
 * one set-based insert and one commit. No lock is held across the transaction: it first claims its seqs and its
 * {@code stored} stamp (claim-seqs.sql, V51), which registers it with the readers' commit-order watermark until it
 * ends, so transactions of any number of LRS processes write at once and a reader's page boundary is still never
 * passed by a statement that commits later. A group that fails is retried request by request, so one request's
 * conflicting id or unstorable data never fails another request; a deadlock or serialization failure (possible now
 * that writers overlap, e.g. two of them re-sending the same ids in different orders) is retried as a whole.
 *
 * <p>One writer keeps up to {@code transactions} groups open at once ({@code LRS_WRITER_TRANSACTIONS}): with
 * one, requests that arrive during a group wait for its round trips; with more, a database far away serves
 * several groups' round trips at once, as it does for several LRS processes.
 */
final class StatementWriter {

  /** How often a transaction that hit a deadlock or a serialization failure is tried again. */
  static final int RETRIES = 3;

  /** Enough statements per transaction to amortise its round trips and commit, few enough to keep latency low. */
  static final int MAX_GROUP_STATEMENTS = 2_000;

  private static final String CLAIM_SEQS = SqlResources.load("sql/lrs/claim-seqs.sql");
  private static final String STORE_STATEMENTS = SqlResources.load("sql/lrs/store-statements.sql");
  private static final String SELECT_PAYLOADS = SqlResources.load("sql/lrs/select-payloads-by-id.sql");
  private static final String MARK_VOIDED = SqlResources.load("sql/lrs/mark-voided.sql");
  private static final String INSERT_ATTACHMENTS = SqlResources.load("sql/lrs/insert-attachments.sql");

  private final Pool pool;
  private final Runnable afterCommit;
  /** Runs last in every writing transaction, before it commits: nothing in production; tests delay commits with it. */
  private final Function<SqlConnection, Future<Void>> beforeCommit;
  private final int transactions;
  /** The queue and the count of open transactions are only touched on this context. */
  private final Context context;
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();
  private int open;

  /**
   * {@code afterCommit} runs after each transaction that committed (to wake the relay); {@code transactions}
   * is how many group transactions may be open at once.
   */
  StatementWriter(Vertx vertx, Pool pool, int transactions, Runnable afterCommit) {
    this(vertx, pool, transactions, afterCommit, connection -> Future.succeededFuture());
  }

  StatementWriter(Vertx vertx, Pool pool, int transactions, Runnable afterCommit,
      Function<SqlConnection, Future<Void>> beforeCommit) {
    if (transactions < 1) {
      throw new IllegalArgumentException("a writer needs at least one transaction, not " + transactions);
    }
    this.pool = pool;
    this.transactions = transactions;
    this.afterCommit = afterCommit;
    this.beforeCommit = beforeCommit;
    this.context = vertx.getOrCreateContext();
  }

  Future<StoreOutcome> write(List<StatementRecord> statements, List<AttachmentContent> attachments) {
    // The storing request's trace, taken here on the request's own context (the group is written on the writer's).
    Request request = new Request(statements, attachments, Traces.currentHeader(), Vertx.currentContext(),
        Promise.promise());
    context.runOnContext(v -> {
      waiting.add(request);
      writeNextGroup();
    });
    return request.promise.future();
  }

  private void writeNextGroup() {
    while (open < transactions && !waiting.isEmpty()) {
      open++;
      writeGroup(nextGroup()).onComplete(done -> {
        open--;
        writeNextGroup();
      });
    }
  }

  /**
   * The oldest waiting requests, up to the group size. The group stops before a request that sends
   * an id already in it: one insert stores an id once, and each stored statement gets one event.
   */
  private List<Request> nextGroup() {
    List<Request> group = new ArrayList<>();
    Set<UUID> ids = new HashSet<>();
    int statements = 0;
    while (!waiting.isEmpty()) {
      Request next = waiting.peek();
      boolean full = !group.isEmpty() && statements + next.statements.size() > MAX_GROUP_STATEMENTS;
      if (full || next.statements.stream().anyMatch(s -> ids.contains(s.id()))) {
        break;
      }
      next.statements.forEach(s -> ids.add(s.id()));
      statements += next.statements.size();
      group.add(waiting.poll());
    }
    return group;
  }

  /** Completes every request of the group; the returned future never fails. */
  private Future<Void> writeGroup(List<Request> group) {
    List<StatementRecord> statements = new ArrayList<>();
    List<String> traces = new ArrayList<>();
    List<AttachmentContent> attachments = new ArrayList<>();
    group.forEach(request -> {
      statements.addAll(request.statements);
      request.statements.forEach(s -> traces.add(request.traceparent));
      attachments.addAll(request.attachments);
    });
    return storeRetrying(statements, traces, attachments, RETRIES)
        .<Void>map(inserted -> {
          afterCommit.run();
          group.forEach(request -> request.complete(Future.succeededFuture(outcome(request, inserted))));
          return null;
        })
        .recover(failure -> {
          if (group.size() == 1) {
            group.get(0).complete(Future.failedFuture(failure));
            return Future.succeededFuture();
          }
          return writeOneByOne(group, 0);
        });
  }

  private Future<Void> writeOneByOne(List<Request> group, int index) {
    return index == group.size()
        ? Future.succeededFuture()
        : writeGroup(List.of(group.get(index))).compose(v -> writeOneByOne(group, index + 1));
  }

  private static StoreOutcome outcome(Request request, Set<UUID> inserted) {
    int stored = (int) request.statements.stream().filter(s -> inserted.contains(s.id())).count();
    return new StoreOutcome(stored, request.statements.size() - stored);
  }

  private Future<Set<UUID>> storeRetrying(List<StatementRecord> statements, List<String> traces,
      List<AttachmentContent> attachments, int retries) {
    return storeInOneTransaction(statements, traces, attachments).recover(failure -> retries > 0
        && SqlStates.isRetryable(failure)
        ? storeRetrying(statements, traces, attachments, retries - 1)
        : Future.failedFuture(failure));
  }

  /**
   * Claims seqs and the stamp, stores; an id already stored must hold the same statement, or nothing is stored.
   * Returns the ids that were new.
   */
  private Future<Set<UUID>> storeInOneTransaction(List<StatementRecord> statements, List<String> traces,
      List<AttachmentContent> attachments) {
    return pool.withTransaction(connection -> Future.all(Databases.planForParameters(connection),
            claimSeqs(connection, statements.size()))
        .compose(both -> {
          Claim claim = both.resultAt(1);
          List<StatementRecord> stamped = statements.stream().map(s -> s.storedAt(claim.stored())).toList();
          return insertAttachments(connection, attachments)
              .compose(v -> insertStatements(connection, stamped, traces, claim.firstSeq()))
              .compose(inserted -> checkDuplicates(connection, stamped, inserted)
                  .compose(v -> markVoided(connection, stamped, inserted))
                  .compose(v -> beforeCommit.apply(connection))
                  .map(inserted));
        }));
  }

  /** The first of {@code count} consecutive seqs this transaction's statements take, and their {@code stored} stamp. */
  private record Claim(long firstSeq, Instant stored) {}

  private static Future<Claim> claimSeqs(SqlConnection connection, int count) {
    return connection.preparedQuery(CLAIM_SEQS).execute(Tuple.of(count))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Claim(row.getLong("first_seq"), row.getOffsetDateTime("stored").toInstant());
        });
  }

  private static Future<Void> insertAttachments(SqlConnection connection, List<AttachmentContent> attachments) {
    if (attachments.isEmpty()) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(INSERT_ATTACHMENTS).execute(Tuple.of(
            attachments.stream().map(AttachmentContent::sha2).toArray(String[]::new),
            attachments.stream().map(AttachmentContent::contentType).toArray(String[]::new),
            attachments.stream().map(AttachmentContent::content).toArray(Buffer[]::new)))
        .mapEmpty();
  }

  /** One SQL statement for the statements (the relay's outbox too), their index rows and activity definitions. */
  private static Future<Set<UUID>> insertStatements(SqlConnection connection, List<StatementRecord> statements,
      List<String> traces, long firstSeq) {
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
    List<UUID> agentStatements = new ArrayList<>();
    List<UUID> agentKeys = new ArrayList<>();
    List<String> agentRelations = new ArrayList<>();
    List<UUID> activityStatements = new ArrayList<>();
    List<UUID> activityIds = new ArrayList<>();
    List<String> activityRelations = new ArrayList<>();
    // Re-sent statements count too: a definition is not part of the statement (Statement Immutability),
    // so a course renamed at the source reaches the Activities resource when its statements are re-sent.
    // Per organisation: each keeps its own canonical definitions (V10).
    Map<Map.Entry<UUID, String>, JsonObject> definitions = new LinkedHashMap<>();
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
      for (IndexEntry agent : s.agents()) {
        agentStatements.add(s.id());
        agentKeys.add(LinkKeys.hash(agent.key()));
        agentRelations.add(agent.relation());
      }
      for (IndexEntry activity : s.activities()) {
        activityStatements.add(s.id());
        activityIds.add(LinkKeys.hash(activity.key()));
        activityRelations.add(activity.relation());
      }
      s.definitions().forEach((id, definition) -> definitions.merge(Map.entry(s.authorityOrganisation(), id), definition,
          StatementRecord::mergeDefinitions));
    }
    OffsetDateTime seen = stored[n - 1];
    return connection.preparedQuery(STORE_STATEMENTS)
        .execute(Tuple.wrap(new Object[] {ids, stored, payloads, learners, verbs, activities, registrations, voids,
            organisations, authorityKeys, refs,
            agentStatements.toArray(UUID[]::new), agentKeys.toArray(UUID[]::new),
            agentRelations.toArray(String[]::new),
            activityStatements.toArray(UUID[]::new), activityIds.toArray(UUID[]::new),
            activityRelations.toArray(String[]::new),
            definitions.keySet().stream().map(Map.Entry::getValue).toArray(String[]::new),
            definitions.values().toArray(JsonObject[]::new), seen,
            definitions.keySet().stream().map(Map.Entry::getKey).toArray(UUID[]::new),
            traces.toArray(String[]::new), firstSeq}))
        .map(rows -> {
          Set<UUID> inserted = new HashSet<>();
          rows.forEach(row -> inserted.add(row.getUUID("id")));
          return inserted;
        });
  }

  private static Future<Void> checkDuplicates(SqlConnection connection, List<StatementRecord> statements,
      Set<UUID> inserted) {
    List<StatementRecord> existing = statements.stream().filter(s -> !inserted.contains(s.id())).toList();
    if (existing.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] organisations = existing.stream().map(StatementRecord::authorityOrganisation).toArray(UUID[]::new);
    UUID[] ids = existing.stream().map(StatementRecord::id).toArray(UUID[]::new);
    return connection.preparedQuery(SELECT_PAYLOADS).execute(Tuple.wrap(new Object[] {organisations, ids})).compose(rows -> {
      // A group holds each id once (nextGroup), so within it an id names one organisation's statement.
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

  private static Future<Void> markVoided(SqlConnection connection, List<StatementRecord> statements,
      Set<UUID> inserted) {
    List<StatementRecord> voiding = statements.stream()
        .filter(s -> s.voids() != null && inserted.contains(s.id()))
        .toList();
    if (voiding.isEmpty()) {
      return Future.succeededFuture();
    }
    // Each target is voided in the voiding statement's own organisation only.
    return connection.preparedQuery(MARK_VOIDED).execute(Tuple.wrap(new Object[] {
            voiding.stream().map(StatementRecord::authorityOrganisation).toArray(UUID[]::new),
            voiding.stream().map(StatementRecord::voids).toArray(UUID[]::new)}))
        .mapEmpty();
  }

  /** A caller's batch; its outcome is delivered on the caller's context, as if it had written itself. */
  private record Request(List<StatementRecord> statements, List<AttachmentContent> attachments, String traceparent,
      Context caller, Promise<StoreOutcome> promise) {

    void complete(AsyncResult<StoreOutcome> outcome) {
      if (caller == null) {
        promise.handle(outcome);
      } else {
        caller.runOnContext(v -> promise.handle(outcome));
      }
    }
  }
}
