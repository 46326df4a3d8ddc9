package org.ahphub.connectors.pipeline;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ahphub.connectors.delivery.BatchReceipt;
import org.ahphub.connectors.delivery.DeliveryException;
import org.ahphub.connectors.delivery.LrsClient;
import org.ahphub.connectors.input.CsvRowSource;
import org.ahphub.connectors.input.InputException;
import org.ahphub.connectors.input.JsonRowSource;
import org.ahphub.connectors.input.Row;
import org.ahphub.connectors.input.RowSource;
import org.ahphub.connectors.state.Checkpoint;
import org.ahphub.connectors.state.CheckpointStore;
import org.ahphub.connectors.state.OutcomeLedger;
import org.ahphub.connectors.translate.OutcomeChange;
import org.ahphub.connectors.translate.Problem;
import org.ahphub.connectors.translate.Translation;
import org.ahphub.connectors.translate.Translator;
import org.ahphub.xapi.StatementValidator;
import org.ahphub.xapi.Violation;
import org.ahphub.xapi.XapiVersion;
import org.ahphub.platform.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import, start to end: stream the rows, translate each, validate every statement (xAPI 1.0.3,
 * the shared {@link StatementValidator}), batch, deliver, and after each delivered batch save the
 * outcome ledger and then the checkpoint. Blocking; run it on a worker thread.
 *
 * <ul>
 *   <li>A row's statements always travel in one batch, so "every record up to the checkpoint is
 *       delivered" holds. A batch is sent before a voiding statement whose target is still pending.
 *   <li>A bad row (wrong shape, translation problem, invalid statement, a statement id that clashes
 *       with a different statement earlier in the input) is rejected with file, line, column and
 *       reason, and the import goes on. Identical repeats are skipped and counted as duplicates.
 *   <li>Resuming: rows up to the checkpoint of the same content are skipped.
 *   <li>Delivery failure stops the import; the checkpoint stays at the last delivered batch.
 * </ul>
 */
public final class ImportPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(ImportPipeline.class);
  private static final int RECENT_IDS = 50_000;

  /**
   * Batch size, batches posted at once, dry run (validate only, deliver and remember nothing),
   * rejects kept in the summary.
   */
  public record Settings(int batchSize, int concurrency, boolean dryRun, int rejectsListed) {

    public Settings {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1");
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1");
      }
    }

    /** One batch at a time. */
    public Settings(int batchSize, boolean dryRun, int rejectsListed) {
      this(batchSize, 1, dryRun, rejectsListed);
    }
  }

  /**
   * A posted batch whose answer may still be on its way; {@code last} is the last row it covers,
   * {@code saveLedger} whether outcome changes go to disk once it has arrived.
   */
  private record InFlight(Future<BatchReceipt> receipt, int size, int[] rowSizes, Row last, boolean saveLedger) {}

  public interface ProgressListener {
    void progress(ImportSummary soFar);
  }

  private record Seen(long digest, long line) {}

  /** What an accepted row adds: the statements still to deliver and the outcome changes to remember. */
  private record Accepted(List<JsonObject> statements, List<OutcomeChange> changes, int repeats) {}

  private final Translator translator;
  private final OutcomeLedger ledger;
  private final LrsClient client;
  private final CheckpointStore store;
  private final RejectsSink rejects;
  private final ProgressListener progress;
  private final Settings settings;
  private final Clock clock;

  // Counters of the run.
  private String inputName;
  private String currentFingerprint;
  private long startNanos;
  private long rowsRead;
  private long rowsSkipped;
  private long rowsRejected;
  private long posted;
  private long stored;
  private long duplicates;
  private long batches;
  private long batchesWithoutCount;
  private long resumedAfter;
  private long rejectsNotListed;
  // Counts in rows: rows whose statements were newly stored, rows the LRS (or this file, or the
  // checkpoint) already had, rows that had nothing to import; whether a partly-new batch made them estimates.
  private long rowsStored;
  private long rowsAlreadyImported;
  private long rowsNothingToImport;
  private boolean rowsEstimated;
  private final List<Integer> pendingRowSizes = new ArrayList<>();
  private final List<Reject> listed = new ArrayList<>();

  private final List<JsonObject> pending = new ArrayList<>();
  private final Deque<InFlight> inFlight = new ArrayDeque<>();
  private ExecutorService posting;
  private final Set<String> pendingIds = new HashSet<>();
  private final List<OutcomeChange> pendingChanges = new ArrayList<>();
  private final Map<String, Seen> recent = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
      return size() > RECENT_IDS;
    }
  };

  /**
   * @param ledger the ledger the translator reads, or {@code null} for sources without one
   * @param client {@code null} in a dry run
   */
  public ImportPipeline(Translator translator, OutcomeLedger ledger, LrsClient client, CheckpointStore store,
      RejectsSink rejects, ProgressListener progress, Settings settings, Clock clock) {
    if (client == null && !settings.dryRun()) {
      throw new IllegalArgumentException("a delivering import needs an LRS client");
    }
    this.translator = translator;
    this.ledger = ledger;
    this.client = client;
    this.store = settings.dryRun() ? CheckpointStore.none() : store;
    this.rejects = rejects;
    this.progress = progress == null ? s -> { } : progress;
    this.settings = settings;
    this.clock = clock;
  }

  private boolean used;

  /**
   * Runs the import (once per pipeline). Never throws for bad rows or delivery failures: the
   * summary says what happened.
   */
  public ImportSummary run(ImportInput input) {
    if (used) {
      throw new IllegalStateException("a pipeline runs one import; make a new one");
    }
    used = true;
    inputName = input.name();
    currentFingerprint = input.fingerprint();
    startNanos = System.nanoTime();
    String error = null;
    Row last = null;
    try {
      Optional<Checkpoint> checkpoint = store.load(translator.source(), input.name(), input.fingerprint())
          .filter(c -> input.fingerprint().equals(c.fingerprint()));
      resumedAfter = checkpoint.map(Checkpoint::record).orElse(0L);
      rejects.begin(checkpoint.map(Checkpoint::line).orElse(0L));
      if (resumedAfter > 0) {
        LOG.info("{} {}: resuming after record {} (line {})", translator.source(), LogText.of(input.name()), resumedAfter,
            checkpoint.get().line());
      }
      posting = settings.dryRun() ? null : Executors.newFixedThreadPool(settings.concurrency(), r -> {
        Thread thread = new Thread(r, "connectors-post");
        thread.setDaemon(true);
        return thread;
      });
      try (InputStream in = input.opener().open(); RowSource rows = open(input, in)) {
        for (Row row = rows.next(); row != null; row = rows.next()) {
          if (row.record() <= resumedAfter) {
            rowsSkipped++;
            rowsAlreadyImported++;
            continue;
          }
          rowsRead++;
          Accepted accepted = accept(row);
          if (accepted == null) {
            last = row;
            continue;
          }
          List<JsonObject> statements = accepted.statements();
          boolean voidsPending = statements.stream().anyMatch(s -> voidTarget(s).map(pendingIds::contains).orElse(false));
          if (!pending.isEmpty() && (voidsPending || pending.size() + statements.size() > settings.batchSize())) {
            flush(input, last);
          }
          for (JsonObject s : statements) {
            pending.add(s);
            pendingIds.add(s.getString("id"));
          }
          if (!statements.isEmpty()) {
            pendingRowSizes.add(statements.size());
          } else if (accepted.repeats() > 0) {
            rowsAlreadyImported++;
          } else {
            rowsNothingToImport++;
          }
          remember(accepted.changes());
          last = row;
        }
      }
      flush(input, last);
      settle(0);
    } catch (InputException e) {
      error = "cannot read " + input.name() + ": " + e.getMessage();
    } catch (DeliveryException e) {
      error = e.getMessage();
    } catch (IOException e) {
      error = "cannot read or write: " + e.getMessage();
    } finally {
      abandonInFlight();
      try {
        rejects.close();
      } catch (IOException e) {
        error = error != null ? error : "cannot write the rejects: " + e.getMessage();
      }
    }
    if (error != null) {
      LOG.warn("{} {}: import stopped: {}", translator.source(), LogText.of(input.name()), LogText.of(error));
    }
    ImportSummary summary = snapshot(true, error);
    progress.progress(summary);
    return summary;
  }

  /** The row's statements to deliver and changes to remember, or {@code null} when the row was rejected. */
  private Accepted accept(Row row) throws IOException {
    if (row.malformed()) {
      reject(row, List.of(new Problem(null, row.problem())), row.problemColumn());
      return null;
    }
    Translation translation;
    try {
      translation = translator.translate(row);
    } catch (RuntimeException e) {
      LOG.error("{} {} record {}: translator failed", translator.source(), LogText.of(String.valueOf(row.input())), row.record(), e);
      reject(row, List.of(new Problem(null, "could not be translated (internal error: " + e + ")")), 0);
      return null;
    }
    if (translation.rejected()) {
      reject(row, translation.problems(), -1);
      return null;
    }
    List<Problem> problems = new ArrayList<>();
    List<JsonObject> deliver = new ArrayList<>();
    int repeats = 0;
    Map<String, Long> digests = new LinkedHashMap<>();
    for (JsonObject statement : translation.statements()) {
      List<Violation> violations = StatementValidator.validate(statement, XapiVersion.V1_0_3);
      for (Violation v : violations) {
        problems.add(new Problem(null, "the " + verbName(statement) + " statement breaks xAPI rule " + v.rule()
            + " at " + v.path() + ": " + v.message()));
      }
      String id = statement.getString("id");
      long digest = digest(statement);
      Seen seen = recent.get(id);
      if (seen != null && seen.digest() != digest) {
        problems.add(new Problem(null, "the " + verbName(statement) + " statement (id " + id
            + ") differs from the one made from line " + seen.line() + " for the same record"));
      } else if (seen != null) {
        duplicates++;
        repeats++;
      } else {
        deliver.add(statement);
        digests.put(id, digest);
      }
    }
    if (!problems.isEmpty()) {
      reject(row, problems, 0);
      return null;
    }
    digests.forEach((id, digest) -> recent.put(id, new Seen(digest, row.line())));
    return new Accepted(deliver, translation.changes(), repeats);
  }

  private void remember(List<OutcomeChange> changes) {
    if (ledger != null) {
      for (OutcomeChange change : changes) {
        ledger.apply(change);
        pendingChanges.add(change);
      }
    }
  }

  /**
   * Sends the pending batch, at most {@code concurrency} batches at once. Counts, the ledger and the
   * checkpoint follow each batch's answer in file order, so the checkpoint never passes a batch that
   * has not arrived. A batch that voids or changes remembered outcomes goes alone, after all before it.
   */
  private void flush(ImportInput input, Row last) throws DeliveryException, IOException {
    boolean alone = !pendingChanges.isEmpty() || pending.stream().anyMatch(s -> voidTarget(s).isPresent());
    int[] rowSizes = pendingRowSizes.stream().mapToInt(Integer::intValue).toArray();
    if (settings.dryRun()) {
      if (!pending.isEmpty()) {
        posted += pending.size();
        batches++;
        rowsStored += rowSizes.length;
      }
    } else {
      if (alone) {
        settle(0);
      }
      List<JsonObject> batch = List.copyOf(pending);
      Future<BatchReceipt> receipt = batch.isEmpty()
          ? CompletableFuture.completedFuture(null)
          : posting.submit(() -> client.post(batch));
      inFlight.add(new InFlight(receipt, batch.size(), rowSizes, last, ledger != null && !pendingChanges.isEmpty()));
      settle(alone ? 0 : settings.concurrency() - 1);
    }
    pending.clear();
    pendingIds.clear();
    pendingChanges.clear();
    pendingRowSizes.clear();
    rejects.flush();
    progress.progress(snapshot(false, null));
  }

  /** Takes the answers of the oldest batches, in order, until at most {@code stillSending} remain. */
  private void settle(int stillSending) throws DeliveryException, IOException {
    while (inFlight.size() > stillSending || (!inFlight.isEmpty() && inFlight.peekFirst().receipt().isDone())) {
      InFlight oldest = inFlight.peekFirst();
      BatchReceipt receipt = await(oldest.receipt());
      inFlight.removeFirst();
      if (oldest.size() > 0) {
        posted += oldest.size();
        batches++;
        if (receipt.stored().isPresent()) {
          int newlyStored = Math.min(receipt.stored().getAsInt(), oldest.size());
          stored += newlyStored;
          duplicates += oldest.size() - newlyStored;
          countRows(oldest.rowSizes(), oldest.size() - newlyStored);
        } else {
          batchesWithoutCount++;
          rowsStored += oldest.rowSizes().length;
        }
      }
      if (oldest.last() != null) {
        if (oldest.saveLedger()) {
          store.saveLedger(translator.source(), ledger);
        }
        store.save(new Checkpoint(translator.source(), inputName, currentFingerprint, oldest.last().record(),
            oldest.last().line(), clock.instant().toString()));
      }
    }
  }

  /**
   * Splits a delivered batch's rows into stored and already imported. A row's statements are made from
   * the row alone, so a row is either wholly known to the LRS or wholly new: the number of known rows is
   * the number of rows whose statements add up to the duplicates the LRS reported. That is exact when only
   * one such number is possible (always, when the rows carry equally many statements); otherwise the
   * middle of the possible ones, and the counts say they are estimated.
   */
  private void countRows(int[] rowSizes, int duplicateStatements) {
    int rows = rowSizes.length;
    if (rows == 0) {
      return;
    }
    java.util.SortedSet<Integer> possible = RowSplit.knownRowCounts(rowSizes, duplicateStatements);
    long known;
    if (possible.size() == 1) {
      known = possible.first();
    } else {
      int statements = java.util.Arrays.stream(rowSizes).sum();
      known = possible.isEmpty()
          ? Math.max(0, Math.min(rows, Math.round((double) duplicateStatements * rows / statements)))
          : (possible.first() + possible.last()) / 2;
      rowsEstimated = true;
    }
    rowsAlreadyImported += known;
    rowsStored += rows - known;
  }

  private static BatchReceipt await(Future<BatchReceipt> receipt) throws DeliveryException {
    try {
      return receipt.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DeliveryException delivery) {
        throw delivery;
      }
      throw new IllegalStateException("posting a batch failed unexpectedly", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while posting", e);
    }
  }

  /**
   * After a failure: lets batches already sent finish (their statements may be stored; a re-run
   * posts them again harmlessly, ids being deterministic) without moving the checkpoint past the failure.
   */
  private void abandonInFlight() {
    inFlight.clear();
    if (posting != null) {
      posting.shutdown();
    }
  }

  private void reject(Row row, List<Problem> problems, int column) throws IOException {
    rowsRejected++;
    for (Problem p : problems) {
      int col = column >= 0 ? column : row.column(p.field());
      Reject r = new Reject(row.input(), row.line(), col, p.field(), p.reason());
      rejects.reject(r);
      if (listed.size() < settings.rejectsListed()) {
        listed.add(r);
      } else {
        rejectsNotListed++;
      }
    }
  }

  private ImportSummary snapshot(boolean finished, String error) {
    long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
    return new ImportSummary(translator.source(), inputName, settings.dryRun(), finished, rowsRead, rowsSkipped,
        rowsRejected, posted, stored, duplicates, batches, batchesWithoutCount, resumedAfter, elapsed, listed,
        rejectsNotListed, error, new ImportSummary.RowCounts(rowsSkipped + rowsRead, rowsStored, rowsAlreadyImported,
            rowsRejected, rowsNothingToImport, rowsEstimated));
  }

  private RowSource open(ImportInput input, InputStream in) {
    String fingerprint = input.shortFingerprint();
    return input.format() == InputFormat.JSON
        ? new JsonRowSource(in, translator.schema(), input.name(), fingerprint)
        : new CsvRowSource(in, translator.schema(), input.name(), fingerprint);
  }

  private static Optional<String> voidTarget(JsonObject statement) {
    JsonObject object = statement.getJsonObject("object");
    if (object != null && "StatementRef".equals(object.getString("objectType"))
        && statement.getJsonObject("verb").getString("id").endsWith("/voided")) {
      return Optional.ofNullable(object.getString("id"));
    }
    return Optional.empty();
  }

  private static String verbName(JsonObject statement) {
    String id = statement.getJsonObject("verb", new JsonObject()).getString("id", "");
    return id.substring(id.lastIndexOf('/') + 1);
  }

  private static long digest(JsonObject statement) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(statement.encode().getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (hash[i] & 0xff);
      }
      return value;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
