package org.ahphub.connectors.jobs.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.connectors.jobs.ImportJobStore;
import org.ahphub.connectors.jobs.JobStatus;
import org.ahphub.connectors.jobs.NewJob;
import org.ahphub.connectors.jobs.NumberedReject;
import org.ahphub.connectors.jobs.StoredJob;
import org.ahphub.connectors.jobs.StoredMapping;
import org.ahphub.connectors.pipeline.Reject;
import org.ahphub.connectors.state.Checkpoint;
import org.ahphub.platform.db.SqlResources;

/** {@link ImportJobStore} on the {@code connectors} schema (migrations in {@code db/connectors}). */
public final class PgImportJobStore implements ImportJobStore {

  /** The schema and Flyway location of these tables. */
  public static final String SCHEMA = "connectors";

  private static final String INSERT_JOB = sql("insert-job");
  private static final String START_JOB = sql("start-job");
  private static final String PROGRESS_JOB = sql("progress-job");
  private static final String FINISH_JOB = sql("finish-job");
  private static final String SELECT_JOB = sql("select-job");
  private static final String SELECT_JOBS = sql("select-jobs");
  private static final String HEARTBEAT = sql("heartbeat");
  private static final String FAIL_ABANDONED = sql("fail-abandoned");
  private static final String DELETE_FINISHED = sql("delete-finished-jobs");
  private static final String FAIL_RUNNER = sql("fail-runner");
  private static final String INSERT_REJECT = sql("insert-reject");
  private static final String SELECT_REJECTS = sql("select-rejects");
  private static final String SELECT_CHECKPOINT = sql("select-checkpoint");
  private static final String UPSERT_CHECKPOINT = sql("upsert-checkpoint");
  private static final String SELECT_LEDGER = sql("select-ledger");
  private static final String UPSERT_LEDGER = sql("upsert-ledger");
  private static final String SELECT_MAPPING = sql("select-mapping");
  private static final String UPSERT_MAPPING = sql("upsert-mapping");

  private final Pool pool;

  public PgImportJobStore(Pool pool) {
    this.pool = pool;
  }

  private static String sql(String name) {
    return SqlResources.load("sql/connectors/" + name + ".sql");
  }

  @Override
  public Future<Void> create(NewJob job, UUID runner) {
    return pool.preparedQuery(INSERT_JOB).execute(Tuple.from(new Object[] {job.id(), job.organisationId(),
        job.credentialKey(), job.source(), job.inputName(), job.fingerprint(), job.bytes(), time(job.createdAt()),
        runner})).mapEmpty();
  }

  @Override
  public Future<Void> started(UUID job, Instant at) {
    return pool.preparedQuery(START_JOB).execute(Tuple.of(job, time(at))).mapEmpty();
  }

  @Override
  public Future<Void> progress(UUID job, JsonObject summary) {
    return pool.preparedQuery(PROGRESS_JOB).execute(Tuple.of(job, summary)).mapEmpty();
  }

  @Override
  public Future<Boolean> finish(UUID job, JobStatus status, JsonObject summary, String error, Instant at) {
    return pool.preparedQuery(FINISH_JOB).execute(Tuple.of(job, status.name(), summary, error, time(at)))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Optional<StoredJob>> find(UUID organisation, UUID job) {
    return pool.preparedQuery(SELECT_JOB).execute(Tuple.of(job, organisation))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(job(rows.iterator().next())));
  }

  @Override
  public Future<List<StoredJob>> history(UUID organisation, Instant beforeCreatedAt, UUID beforeId, int limit) {
    return pool.preparedQuery(SELECT_JOBS)
        .execute(Tuple.of(organisation, time(beforeCreatedAt), beforeId, limit))
        .map(rows -> {
          List<StoredJob> jobs = new ArrayList<>();
          rows.forEach(row -> jobs.add(job(row)));
          return jobs;
        });
  }

  @Override
  public Future<Void> addRejects(UUID job, int firstPosition, List<Reject> rejects) {
    if (rejects.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(rejects.size());
    for (int i = 0; i < rejects.size(); i++) {
      Reject r = rejects.get(i);
      batch.add(Tuple.from(new Object[] {job, firstPosition + i, r.input(), r.line(), r.column(), r.field(),
          r.reason()}));
    }
    return pool.preparedQuery(INSERT_REJECT).executeBatch(batch).mapEmpty();
  }

  @Override
  public Future<List<NumberedReject>> rejects(UUID job, int afterPosition, int limit) {
    return pool.preparedQuery(SELECT_REJECTS).execute(Tuple.of(job, afterPosition, limit)).map(rows -> {
      List<NumberedReject> list = new ArrayList<>();
      rows.forEach(row -> list.add(new NumberedReject(row.getInteger("position"), new Reject(row.getString("file"),
          row.getLong("line"), row.getInteger("col"), row.getString("field"), row.getString("reason")))));
      return list;
    });
  }

  @Override
  public Future<Void> heartbeat(UUID runner) {
    return pool.preparedQuery(HEARTBEAT).execute(Tuple.of(runner)).mapEmpty();
  }

  @Override
  public Future<List<UUID>> failAbandoned(Duration staleAfter, String reason) {
    return pool.preparedQuery(FAIL_ABANDONED).execute(Tuple.of(staleAfter.toMillis() / 1000.0, reason))
        .map(PgImportJobStore::ids);
  }

  @Override
  public Future<Integer> deleteFinishedBefore(Instant cutoff, int limit) {
    return pool.preparedQuery(DELETE_FINISHED)
        .execute(Tuple.of(java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC), limit))
        .map(rows -> rows.rowCount());
  }

  @Override
  public Future<List<UUID>> failRunner(UUID runner, String reason) {
    return pool.preparedQuery(FAIL_RUNNER).execute(Tuple.of(runner, reason)).map(PgImportJobStore::ids);
  }

  @Override
  public Future<Optional<Checkpoint>> checkpoint(UUID organisation, String source, String fingerprint) {
    return pool.preparedQuery(SELECT_CHECKPOINT).execute(Tuple.of(organisation, source, fingerprint))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new Checkpoint(source, row.getString("input_name"), fingerprint, row.getLong("record"),
              row.getLong("line"), row.getOffsetDateTime("updated_at").toInstant().toString()));
        });
  }

  @Override
  public Future<Void> saveCheckpoint(UUID organisation, Checkpoint c) {
    Instant at = c.updatedAt() == null ? Instant.now() : Instant.parse(c.updatedAt());
    return pool.preparedQuery(UPSERT_CHECKPOINT).execute(Tuple.from(new Object[] {organisation, c.source(),
        c.fingerprint(), c.input(), c.record(), c.line(), time(at)})).mapEmpty();
  }

  @Override
  public Future<Optional<JsonObject>> ledger(UUID organisation, String source) {
    return pool.preparedQuery(SELECT_LEDGER).execute(Tuple.of(organisation, source))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getJsonObject("ledger")));
  }

  @Override
  public Future<Void> saveLedger(UUID organisation, String source, JsonObject ledger) {
    return pool.preparedQuery(UPSERT_LEDGER).execute(Tuple.of(organisation, source, ledger)).mapEmpty();
  }

  @Override
  public Future<Optional<StoredMapping>> mapping(UUID organisation, String source) {
    return pool.preparedQuery(SELECT_MAPPING).execute(Tuple.of(organisation, source)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new StoredMapping(row.getString("file_name"), row.getString("content"),
          row.getInteger("entries"), row.getOffsetDateTime("updated_at").toInstant(), row.getString("updated_by")));
    });
  }

  @Override
  public Future<Void> saveMapping(UUID organisation, String source, StoredMapping m) {
    return pool.preparedQuery(UPSERT_MAPPING).execute(Tuple.from(new Object[] {organisation, source, m.fileName(),
        m.content(), m.entries(), time(m.updatedAt()), m.updatedBy()})).mapEmpty();
  }

  private static StoredJob job(Row row) {
    return new StoredJob(row.getUUID("id"), row.getString("credential_key"), row.getString("source"),
        row.getString("input_name"), row.getLong("bytes"), JobStatus.valueOf(row.getString("status")),
        instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("started_at")),
        instant(row.getOffsetDateTime("finished_at")), row.getJsonObject("summary"), row.getString("error"));
  }

  private static List<UUID> ids(RowSet<Row> rows) {
    List<UUID> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getUUID("id")));
    return ids;
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
