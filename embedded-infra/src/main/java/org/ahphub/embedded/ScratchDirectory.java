package org.ahphub.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throw-away data directory (tests, benchmarks) that is deleted when closed: a hub's embedded PostgreSQL
 * and Kafka leave from tens of megabytes to gigabytes each, and left behind run after run they fill the disk.
 */
public final class ScratchDirectory implements AutoCloseable {

  private final Path path;

  private ScratchDirectory(Path path) {
    this.path = path;
  }

  /** A new, empty directory under the system's temporary directory. */
  public static ScratchDirectory create(String prefix) {
    return create(Path.of(System.getProperty("java.io.tmpdir")), prefix);
  }

  /** A new, empty directory under {@code parent}. */
  public static ScratchDirectory create(Path parent, String prefix) {
    try {
      return new ScratchDirectory(Files.createTempDirectory(parent, prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary directory", e);
    }
  }

  public Path path() {
    return path;
  }

  /** Deletes the directory and everything in it; what cannot be deleted is reported, not thrown. */
  @Override
  public void close() {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(entry -> entry.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + path + ": " + e);
    }
  }
}
