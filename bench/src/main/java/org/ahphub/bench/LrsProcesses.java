package org.ahphub.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ahphub.embedded.EmbeddedPostgresServer;

/**
 * The benchmarks' harness for LRS processes: each LRS runs as an OS process ({@code org.ahphub.lrs.LrsMain} from the
 * jar given, so a jar built from an older commit runs the same load) against an embedded PostgreSQL and Kafka
 * broker the benchmark started, with the development credential {@code dev:dev-secret}.
 */
final class LrsProcesses {

  static final String DEV_KEY = "dev";
  static final String DEV_SECRET = "dev-secret";

  private LrsProcesses() {}

  /** Starts {@code LrsMain} from {@code jar} on {@code httpPort}, its output appended to {@code log}. */
  static Process start(String jar, int httpPort, int postgresPort, String database, String kafka, String heap,
      Path log) throws Exception {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", jar, "org.ahphub.lrs.LrsMain")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("LRS_HTTP_PORT", String.valueOf(httpPort));
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", String.valueOf(postgresPort));
    env.put("PGDATABASE", database);
    env.put("PGUSER", EmbeddedPostgresServer.USER);
    env.put("PGPASSWORD", "");
    env.put("PGSSLMODE", "disable");
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
    env.put("KAFKA_TOPIC_REPLICATION_FACTOR", "1");
    env.put("KAFKA_TOPIC_MIN_INSYNC_REPLICAS", "1");
    env.put("HUB_DEV_MODE", "true");
    env.put("HUB_BOOTSTRAP_CREDENTIAL", DEV_KEY + ":" + DEV_SECRET);
    env.put("LRS_IDENTITY_CONSUMER_GROUP", "lrs-bench-" + database);
    return builder.start();
  }

  /** Waits (up to two minutes) until the LRS on {@code port} answers {@code /xapi/about}. */
  static void awaitReady(Vertx vertx, int port, Process process) throws Exception {
    awaitReady(vertx, port, process, 120);
  }

  /** As above, for up to {@code seconds} (an LRS applying a migration to a large store starts late). */
  static void awaitReady(Vertx vertx, int port, Process process, int seconds) throws Exception {
    HttpClient client = vertx.createHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the LRS on port " + port + " exited (" + process.exitValue() + ")");
      }
      try {
        int status = client.request(HttpMethod.GET, port, "127.0.0.1", "/xapi/about")
            .compose(request -> request.send()).map(response -> response.statusCode())
            .await(2, TimeUnit.SECONDS);
        if (status == 200) {
          client.close();
          return;
        }
      } catch (Exception notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the LRS on port " + port + " was not ready in " + seconds + " s");
  }

  /** SIGTERM, then SIGKILL if it has not stopped in 20 s. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Pool pool(Vertx vertx, int port, String database) {
    return pool(vertx, port, database, 4);
  }

  static Pool pool(Vertx vertx, int port, String database, int size) {
    return PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(size))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port)
            .setDatabase(database).setUser(EmbeddedPostgresServer.USER)).using(vertx).build();
  }

  static void createDatabase(Vertx vertx, int port, String name) throws Exception {
    Pool admin = pool(vertx, port, EmbeddedPostgresServer.DATABASE);
    try {
      admin.query("CREATE DATABASE " + name).execute().await(30, TimeUnit.SECONDS);
    } finally {
      admin.close();
    }
  }

  static void deleteRecursively(Path path) throws Exception {
    if (!Files.exists(path)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
