package org.ahphub.connectors.state;

import java.io.IOException;
import java.util.Optional;

/** Where imports remember how far they got, and the outcomes they imported. */
public interface CheckpointStore {

  Optional<Checkpoint> load(String source, String input) throws IOException;

  /**
   * The checkpoint for this content. Stores that key checkpoints by content (the hub's, per
   * organisation) find it under any file name; by default, by name, and the caller checks the fingerprint.
   */
  default Optional<Checkpoint> load(String source, String input, String fingerprint) throws IOException {
    return load(source, input);
  }

  void save(Checkpoint checkpoint) throws IOException;

  OutcomeLedger loadLedger(String source) throws IOException;

  void saveLedger(String source, OutcomeLedger ledger) throws IOException;

  /** A store that remembers nothing (dry runs). */
  static CheckpointStore none() {
    return new CheckpointStore() {
      @Override
      public Optional<Checkpoint> load(String source, String input) {
        return Optional.empty();
      }

      @Override
      public void save(Checkpoint checkpoint) { }

      @Override
      public OutcomeLedger loadLedger(String source) {
        return new OutcomeLedger();
      }

      @Override
      public void saveLedger(String source, OutcomeLedger ledger) { }
    };
  }
}
