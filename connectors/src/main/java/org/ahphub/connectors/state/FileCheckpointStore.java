package org.ahphub.connectors.state;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Checkpoints and ledgers as small JSON files in one directory, written atomically (temporary file,
 * then rename): {@code <input>.<source>.checkpoint.json} per input, {@code <source>-outcomes.json}
 * per source.
 */
public final class FileCheckpointStore implements CheckpointStore {

  private final Path directory;

  public FileCheckpointStore(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  public Path checkpointFile(String source, String input) {
    return directory.resolve(safe(input) + "." + source + ".checkpoint.json");
  }

  public Path ledgerFile(String source) {
    return directory.resolve(source + "-outcomes.json");
  }

  @Override
  public Optional<Checkpoint> load(String source, String input) throws IOException {
    Path file = checkpointFile(source, input);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Checkpoint.fromJson(read(file)));
  }

  @Override
  public void save(Checkpoint checkpoint) throws IOException {
    write(checkpointFile(checkpoint.source(), checkpoint.input()), checkpoint.json());
  }

  @Override
  public OutcomeLedger loadLedger(String source) throws IOException {
    Path file = ledgerFile(source);
    return Files.exists(file) ? OutcomeLedger.fromJson(read(file)) : new OutcomeLedger();
  }

  @Override
  public void saveLedger(String source, OutcomeLedger ledger) throws IOException {
    write(ledgerFile(source), ledger.json());
    ledger.clean();
  }

  private static JsonObject read(Path file) throws IOException {
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new IOException(file + " is not valid JSON; move it aside to start afresh", e);
    }
  }

  private void write(Path file, JsonObject json) throws IOException {
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
    Files.writeString(temporary, json.encodePrettily(), StandardCharsets.UTF_8);
    try {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String safe(String input) {
    return input.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
