package org.ahphub.connectors.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.connectors.pipeline.Reject;
import org.ahphub.connectors.state.Checkpoint;

/**
 * The upload service's state, shared by every upload process: jobs and their rejects, checkpoints and
 * outcome ledgers per organisation, organisations' mapping files. Every read is scoped to an organisation.
 */
public interface ImportJobStore {

  /** A new job, queued by the process {@code runner}. */
  Future<Void> create(NewJob job, UUID runner);

  Future<Void> started(UUID job, Instant at);

  /** The summary so far; also renews the job's heartbeat. Ignored once the job is finished. */
  Future<Void> progress(UUID job, JsonObject summary);

  /**
   * Finishes the job unless it is finished already (say, marked interrupted); {@code summary} may be
   * null (the last progress stays). True when this call finished it.
   */
  Future<Boolean> finish(UUID job, JobStatus status, JsonObject summary, String error, Instant at);

  /** The organisation's job, or empty for an unknown id and for another organisation's job alike. */
  Future<Optional<StoredJob>> find(UUID organisation, UUID job);

  /** The organisation's jobs created before ({@code createdAt}, {@code id}), newest first. */
  Future<List<StoredJob>> history(UUID organisation, Instant beforeCreatedAt, UUID beforeId, int limit);

  /** Appends rejects at positions {@code firstPosition}, {@code firstPosition + 1}, … (repeats are ignored). */
  Future<Void> addRejects(UUID job, int firstPosition, List<Reject> rejects);

  /** The job's rejects after {@code afterPosition}, in file order, at most {@code limit}. */
  Future<List<NumberedReject>> rejects(UUID job, int afterPosition, int limit);

  /** Renews the heartbeat of every unfinished job of the process {@code runner}. */
  Future<Void> heartbeat(UUID runner);

  /** Fails every unfinished job whose heartbeat is older than {@code staleAfter}: its process stopped. */
  Future<List<UUID>> failAbandoned(Duration staleAfter, String reason);

  /** Fails every unfinished job of the process {@code runner} (it is stopping). */
  Future<List<UUID>> failRunner(UUID runner, String reason);

  /** Deletes at most {@code limit} jobs that finished before {@code cutoff}, with their rejects; returns how many. */
  Future<Integer> deleteFinishedBefore(Instant cutoff, int limit);

  Future<Optional<Checkpoint>> checkpoint(UUID organisation, String source, String fingerprint);

  Future<Void> saveCheckpoint(UUID organisation, Checkpoint checkpoint);

  Future<Optional<JsonObject>> ledger(UUID organisation, String source);

  Future<Void> saveLedger(UUID organisation, String source, JsonObject ledger);

  Future<Optional<StoredMapping>> mapping(UUID organisation, String source);

  Future<Void> saveMapping(UUID organisation, String source, StoredMapping mapping);
}
