package org.ahphub.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's packaged binaries) run as a child process of this JVM.
 * The data directory is kept between starts, so a restarted hub finds its data again.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  public static final String USER = "postgres";
  public static final String DATABASE = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on {@code port} (0 picks a free one) with its data in {@code dataDirectory}.
   * {@code durable=false} turns fsync off, which is only right for throw-away test data.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable) {
    return start(dataDirectory, port, durable, "128MB");
  }

  /**
   * As above, with PostgreSQL's own page cache ({@code shared_buffers}) of the size given: the hub's
   * indexes take inserts all over, and a cache far smaller than them made every write read and evict
   * pages.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable, String sharedBuffers) {
    return start(dataDirectory, port, durable, sharedBuffers, Map.of());
  }

  /**
   * As above, with more server settings ({@code postgres -c name=value}), e.g. {@code ssl=on} and its
   * certificate files for a test of TLS connections.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable, String sharedBuffers,
      Map<String, String> settings) {
    return start(dataDirectory, port, durable, sharedBuffers, settings, true);
  }

  /**
   * As above; {@code stopOnJvmExit=false} leaves stopping to the caller's own shutdown hook. The JVM runs its
   * hooks at once, so a server that stopped itself on exit would stop under services still draining their
   * requests and writing their last rows; the launcher stops its services first and PostgreSQL last.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable, String sharedBuffers,
      Map<String, String> settings, boolean stopOnJvmExit) {
    try {
      Files.createDirectories(dataDirectory);
      // Binaries are unpacked once per machine, not per data directory.
      Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "ahp-hub-embedded-pg");
      Files.createDirectories(binaries);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(stopOnJvmExit)
          .setOverrideWorkingDirectory(binaries.toFile())
          .setServerConfig("max_connections", "200")
          .setServerConfig("shared_buffers", sharedBuffers);
      if (port > 0) {
        builder.setPort(port);
      }
      settings.forEach(builder::setServerConfig);
      if (durable) {
        // The library starts PostgreSQL with fsync and synchronous_commit off; a hub that answers 200 for
        // a statement must have it on disk, so both are turned back on.
        builder.setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            // Fewer checkpoints under a steady write load: fewer full-page images in the WAL, which
            // otherwise roughly double what each statement write costs.
            .setServerConfig("max_wal_size", "4GB")
            .setServerConfig("checkpoint_timeout", "15min");
      } else {
        builder.setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off");
      }
      long started = System.nanoTime();
      EmbeddedPostgres postgres = builder.start();
      LOG.info("embedded PostgreSQL ready on 127.0.0.1:{} in {} ms (data in {})",
          postgres.getPort(), (System.nanoTime() - started) / 1_000_000, dataDirectory);
      return new EmbeddedPostgresServer(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
