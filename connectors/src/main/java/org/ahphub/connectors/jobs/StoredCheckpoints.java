package org.ahphub.connectors.jobs;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.connectors.state.Checkpoint;
import org.ahphub.connectors.state.CheckpointStore;
import org.ahphub.connectors.state.OutcomeLedger;

/**
 * One organisation's checkpoints and outcome ledgers in the {@link ImportJobStore}, for the blocking
 * pipeline: each call waits for the database, so use it on a worker thread only. Checkpoints are found
 * by content (SHA-256), whatever the upload's name.
 */
final class StoredCheckpoints implements CheckpointStore {

  private final ImportJobStore store;
  private final UUID organisation;

  StoredCheckpoints(ImportJobStore store, UUID organisation) {
    this.store = store;
    this.organisation = organisation;
  }

  @Override
  public Optional<Checkpoint> load(String source, String input) {
    return Optional.empty();
  }

  @Override
  public Optional<Checkpoint> load(String source, String input, String fingerprint) throws IOException {
    return await(store.checkpoint(organisation, source, fingerprint), "read the checkpoint");
  }

  @Override
  public void save(Checkpoint checkpoint) throws IOException {
    await(store.saveCheckpoint(organisation, checkpoint), "save the checkpoint");
  }

  @Override
  public OutcomeLedger loadLedger(String source) throws IOException {
    return await(store.ledger(organisation, source), "read the outcome ledger")
        .map(OutcomeLedger::fromJson).orElseGet(OutcomeLedger::new);
  }

  @Override
  public void saveLedger(String source, OutcomeLedger ledger) throws IOException {
    await(store.saveLedger(organisation, source, ledger.json()), "save the outcome ledger");
    ledger.clean();
  }

  /**
   * The future's result, waited for on this (worker) thread: Vert.x's own {@code await} refuses worker
   * threads, and the database answers on the event loop, so blocking here holds nothing it needs. A
   * database failure is an I/O failure of the import (it stops, resumable).
   */
  static <T> T await(io.vertx.core.Future<T> future, String what) throws IOException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(2, java.util.concurrent.TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("could not " + what + " in the database: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("could not " + what + " in the database: no answer in two minutes", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while trying to " + what, e);
    }
  }
}
