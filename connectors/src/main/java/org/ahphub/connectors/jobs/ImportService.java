package org.ahphub.connectors.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.delivery.HttpLrsClient;
import org.ahphub.connectors.delivery.RetryPolicy;
import org.ahphub.connectors.input.InputException;
import org.ahphub.connectors.local.LocalTrainingTranslator;
import org.ahphub.connectors.local.SessionMapping;
import org.ahphub.connectors.pipeline.ImportInput;
import org.ahphub.connectors.pipeline.ImportPipeline;
import org.ahphub.connectors.pipeline.ImportSummary;
import org.ahphub.connectors.pipeline.InputFormat;
import org.ahphub.connectors.pipeline.Sources;
import org.ahphub.connectors.state.CheckpointStore;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Import jobs for the upload endpoint: checks an import's configuration before anything is accepted,
 * queues accepted uploads (one import at a time per process, on a worker), runs them with checkpoints,
 * ledgers and rejects in the {@link ImportJobStore}, and reports them to their organisation from any
 * process.
 *
 * <p>Interrupted jobs: a process renews the heartbeat of its unfinished jobs every quarter of
 * {@code CONNECTORS_JOB_STALE_AFTER}; at start-up and on each heartbeat, every process marks failed any
 * unfinished job whose heartbeat is older than that, saying it was interrupted and that uploading the same
 * file again resumes it from its checkpoint (the upload itself lived in the stopped process's temporary
 * file, so no other process can resume it on its own). A process that stops cleanly marks its own
 * unfinished jobs so at once.
 */
public final class ImportService {

  private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);
  private static final int REJECTS_LISTED = 1000;
  private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;
  static final String INTERRUPTED = "interrupted: the upload service stopped before the import finished;"
      + " upload the same file again and the import resumes after its last delivered row";

  /** An import checked and ready to accept its file: the configuration it runs with and, for local, its mapping. */
  public record Plan(String source, ConnectorsConfig config, SessionMapping sessions) {}

  private final Vertx vertx;
  private final ConnectorsConfig config;
  private final ImportJobStore store;
  private final Clock clock;
  private final UUID runner = UUID.randomUUID();
  private WorkerExecutor worker;
  private long timer = -1;

  private final java.util.function.Consumer<ImportSummary> finished;

  public ImportService(Vertx vertx, ConnectorsConfig config, ImportJobStore store, Clock clock) {
    this(vertx, config, store, clock, summary -> { });
  }

  /** With {@code finished} told of every import that ran to its end (the service's metrics). */
  public ImportService(Vertx vertx, ConnectorsConfig config, ImportJobStore store, Clock clock,
      java.util.function.Consumer<ImportSummary> finished) {
    this.finished = finished;
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.clock = clock;
  }

  /** Marks jobs interrupted by a stop as failed, then keeps this process's jobs' heartbeats. */
  public Future<Void> start() {
    worker = vertx.createSharedWorkerExecutor("connectors-imports", 1);
    long every = Math.max(250, config.jobStaleAfter().toMillis() / 4);
    timer = vertx.setPeriodic(every, id -> store.heartbeat(runner)
        .compose(v -> sweep())
        .onFailure(e -> LOG.warn("import jobs' heartbeat failed: {}", e.toString())));
    return sweep().mapEmpty();
  }

  /** Marks this process's unfinished jobs as interrupted. */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return store.failRunner(runner, INTERRUPTED)
        .onSuccess(ids -> ids.forEach(id -> LOG.warn("import {} interrupted: the upload service is stopping", id)))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("could not mark this process's import jobs as interrupted: {}", e.toString());
          return Future.succeededFuture();
        })
        .eventually(() -> worker == null ? Future.succeededFuture() : worker.close());
  }

  private Future<List<UUID>> sweep() {
    return store.failAbandoned(config.jobStaleAfter(), INTERRUPTED)
        .onSuccess(ids -> ids.forEach(id -> LOG.warn("import {} was interrupted by a stop of its upload process;"
            + " marked failed", id)))
        .compose(ids -> purgeOld().map(ids));
  }

  /** Rows per retention delete: one sweep never holds long locks. */
  static final int PURGE_BATCH = 1_000;
  private long lastPurge = Long.MIN_VALUE;

  /**
   * Retention: at most hourly, deletes a batch of jobs finished more than {@code CONNECTORS_RETAIN_IMPORTS} ago
   * with their rejects; a failure is logged and tried again at the next sweep.
   */
  private Future<Integer> drain(Instant cutoff, int sofar) {
    return store.deleteFinishedBefore(cutoff, PURGE_BATCH).compose(deleted -> deleted < PURGE_BATCH
        ? Future.succeededFuture(sofar + deleted) : drain(cutoff, sofar + deleted));
  }

  Future<Integer> purgeOld() {
    long now = System.nanoTime();
    if (lastPurge != Long.MIN_VALUE && now - lastPurge < java.time.Duration.ofHours(1).toNanos()) {
      return Future.succeededFuture(0);
    }
    lastPurge = now;
    return drain(clock.instant().minus(config.retainImports()), 0)
        .onSuccess(deleted -> {
          if (deleted > 0) {
            LOG.info("retention: {} import jobs finished before {} deleted", deleted, config.retainImports());
          }
        })
        .recover(e -> {
          LOG.warn("retention of import jobs failed: {}", e.toString());
          return Future.succeededFuture(0);
        });
  }

  /**
   * Checks everything the import of {@code source} for this organisation needs, before its file is read:
   * the learners' homePage ({@code homePage} from the request, else {@code CONNECTORS_LOCAL_HOME_PAGE}, else
   * the organisation's own), for local training the organisation's stored session mapping (else the file
   * {@code CONNECTORS_LOCAL_MAPPING}), and any mapping file the configuration names. Fails with
   * {@link ImportRefused} (422) listing every problem.
   */
  public Future<Plan> plan(Principal principal, String source, String homePage) {
    ConnectorsConfig planned = config;
    if (homePage != null) {
      planned = config.withLearnerHomePage(source, homePage);
    } else if (source.equals(LocalTrainingTranslator.SOURCE) && config.localHomePage() == null) {
      planned = config.withLearnerHomePage(source, principal.homePage());
    }
    ConnectorsConfig chosen = planned;
    Future<Optional<StoredMapping>> mapping = source.equals(LocalTrainingTranslator.SOURCE)
        ? store.mapping(principal.organisationId(), source) : Future.succeededFuture(Optional.empty());
    return mapping.compose(stored -> vertx.executeBlocking(() -> {
      try {
        SessionMapping sessions = null;
        if (stored.isPresent()) {
          sessions = SessionMapping.load(new ByteArrayInputStream(stored.get().content().getBytes(StandardCharsets.UTF_8)),
              stored.get().fileName());
        } else if (source.equals(LocalTrainingTranslator.SOURCE) && chosen.localMapping() == null) {
          throw new ImportRefused(422, "no_mapping", List.of("local training needs the organisation's session mapping:"
              + " upload it once with PUT /imports/mappings/local (CSV or JSON), then import"), "mapping");
        }
        Sources.create(source, chosen, CheckpointStore.none(), sessions);
        return new Plan(source, chosen, sessions);
      } catch (InputException e) {
        throw new ImportRefused(422, "bad_configuration", e.problems(), "configuration");
      } catch (IOException e) {
        throw new ImportRefused(422, "bad_configuration", List.of("a mapping file cannot be read: " + e.getMessage()),
            "configuration");
      }
    }, false));
  }

  /**
   * Accepts an upload saved to {@code upload} (deleted once imported, or on failure): records the job, queued,
   * and runs it when this process's worker is free. The caller's {@code authorization} posts the statements.
   */
  public Future<StoredJob> submit(Principal principal, Plan plan, Path upload, String name, InputFormat format,
      long bytes, String authorization) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    return vertx.executeBlocking(() -> ImportInput.ofFile(upload, name, format), false)
        .compose(input -> store.create(new NewJob(id, principal.organisationId(), principal.credentialKey(),
                plan.source(), name, input.fingerprint(), bytes, now), runner)
            .map(v -> {
              LOG.info("import {} queued: source {}, {} ({} bytes) for credential {}", id, plan.source(),
                  LogText.of(name), bytes, LogText.of(principal.credentialKey()));
              worker.executeBlocking(() -> {
                try {
                  run(id, principal.organisationId(), plan, input, authorization);
                  return null;
                } finally {
                  Files.deleteIfExists(upload);
                }
              }, true).onFailure(e -> {
                LOG.error("import {} failed unexpectedly", id, e);
                store.finish(id, JobStatus.failed, null, "unexpected error: " + e.getMessage(), clock.instant());
              });
              return new StoredJob(id, principal.credentialKey(), plan.source(), name, bytes, JobStatus.queued, now,
                  null, null, null, null);
            }))
        .onFailure(e -> delete(upload));
  }

  /** The organisation's job; empty for an unknown id and another organisation's alike. */
  public Future<Optional<StoredJob>> find(Principal principal, UUID job) {
    return store.find(principal.organisationId(), job);
  }

  public Future<List<StoredJob>> history(Principal principal, Instant beforeCreatedAt, UUID beforeId, int limit) {
    return store.history(principal.organisationId(), beforeCreatedAt, beforeId, limit);
  }

  /** Rejects of a job the caller has found (with {@link #find}) first. */
  public Future<List<NumberedReject>> rejects(UUID job, int afterPosition, int limit) {
    return store.rejects(job, afterPosition, limit);
  }

  public Future<Optional<StoredMapping>> mapping(Principal principal, String source) {
    return store.mapping(principal.organisationId(), source);
  }

  /** Checks and stores the organisation's mapping file for {@code source}; 422 listing every problem. */
  public Future<StoredMapping> saveMapping(Principal principal, String source, String fileName, byte[] content) {
    return vertx.executeBlocking(() -> {
      try {
        SessionMapping sessions = SessionMapping.load(new ByteArrayInputStream(content), fileName);
        return new StoredMapping(fileName, new String(content, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", ""),
            sessions.size(), clock.instant(), principal.credentialKey());
      } catch (InputException e) {
        throw new ImportRefused(422, "bad_mapping", e.problems(), "body");
      }
    }, false).compose(mapping -> store.saveMapping(principal.organisationId(), source, mapping).map(mapping));
  }

  private void run(UUID id, UUID organisation, Plan plan, ImportInput input, String authorization) {
    try {
      StoredCheckpoints.await(store.started(id, clock.instant()), "mark the job started");
      LOG.info("import {} started: source {}, {} ({})", id, plan.source(), LogText.of(input.name()), input.format());
      StoredCheckpoints checkpoints = new StoredCheckpoints(store, organisation);
      Sources.Source built = Sources.create(plan.source(), plan.config(), checkpoints, plan.sessions());
      ConnectorsConfig c = plan.config();
      HttpLrsClient client = new HttpLrsClient(c.lrsUrl(), authorization,
          new RetryPolicy(c.maxAttempts(), c.initialBackoff(), c.maxBackoff()), c.lrsTimeout());
      ImportPipeline pipeline = new ImportPipeline(built.translator(), built.ledger(), client, checkpoints,
          new StoredRejects(store, id), new Progress(id),
          new ImportPipeline.Settings(c.batchSize(), c.concurrency(), false, REJECTS_LISTED), clock);
      ImportSummary summary = pipeline.run(input);
      finished.accept(summary);
      StoredCheckpoints.await(store.finish(id, JobStatus.of(summary), summary.json(), summary.error(),
          clock.instant()), "record the result");
      LOG.info("import {} finished: {} rows read, {} stored, {} already imported, {} rejected{}", id,
          summary.rows().read(), summary.rows().stored(), summary.rows().alreadyImported(), summary.rows().rejected(),
          summary.error() == null ? "" : ", error: " + LogText.of(summary.error()));
    } catch (InputException | IOException | RuntimeException e) {
      String reason = e instanceof InputException ? "configuration: " + e.getMessage() : e.getMessage();
      LOG.warn("import {} failed: {}", id, LogText.of(String.valueOf(reason)));
      store.finish(id, JobStatus.failed, null, reason, clock.instant());
    }
  }

  /** Writes the summary so far to the store about once a second, never two writes at once. */
  private final class Progress implements ImportPipeline.ProgressListener {
    private final UUID job;
    private final AtomicReference<Future<Void>> writing = new AtomicReference<>(Future.succeededFuture());
    private long last = System.nanoTime();

    Progress(UUID job) {
      this.job = job;
    }

    @Override
    public void progress(ImportSummary soFar) {
      long now = System.nanoTime();
      if (soFar.finished() || now - last < PROGRESS_EVERY_NANOS || !writing.get().isComplete()) {
        return;
      }
      last = now;
      JsonObject json = soFar.json();
      writing.set(store.progress(job, json).onFailure(e -> LOG.warn("import {}: progress not saved: {}", job,
          e.toString())));
    }
  }

  /** For tests: how long a job may go without a heartbeat. */
  Duration staleAfter() {
    return config.jobStaleAfter();
  }

  private void delete(Path upload) {
    vertx.fileSystem().delete(upload.toString())
        .onFailure(e -> LOG.warn("could not delete the upload {}: {}", upload, e.toString()));
  }
}
