package org.ahphub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ahphub.bench.LrsBenchmark.Result;
import org.ahphub.bench.LrsBenchmark.Row;
import org.ahphub.embedded.EmbeddedKafkaBroker;
import org.ahphub.embedded.EmbeddedPostgresServer;

/**
 * Single-statement POSTs through one and then two LRS processes whose PostgreSQL is behind a link that adds a
 * fixed delay each way ({@link DelayProxy}), as a database in another zone would. It starts its own embedded
 * PostgreSQL (durable: fsync on) and Kafka broker in this JVM, and each LRS as an OS process of the given jar
 * ({@code org.ahphub.lrs.LrsMain}), so a jar built from an older commit measures the same load on the older code.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -cp bench/target/ahp-hub-bench.jar org.ahphub.bench.LrsScaleBenchmark \
 *     --lrs-jar hub/target/ahp-hub.jar --label "without the lock" \
 *     [--delay-ms 1] [--processes 1,2] [--concurrency 16] [--duration 20] [--runs 3] [--data /tmp/lrs-scale-bench]
 * </pre>
 *
 * The client's loops are spread evenly over the LRS processes. Each process count gets a fresh store.
 */
public final class LrsScaleBenchmark {

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path data = Path.of(options.data);
    LrsProcesses.deleteRecursively(data);
    Vertx vertx = Vertx.vertx();
    List<Row> rows = new ArrayList<>();
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), 0, true, "256MB");
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(data.resolve("kafka"), 0, 0);
        DelayProxy proxy = DelayProxy.start(0, postgres.host(), postgres.port(),
            (long) (options.delayMillis * 1_000_000))) {
      System.out.printf("LRS scale benchmark (%s): PostgreSQL on %d behind a %.1f ms-each-way proxy on %d; "
              + "%d cores here%n", options.label, postgres.port(), options.delayMillis, proxy.port(),
          Runtime.getRuntime().availableProcessors());
      System.out.printf("round trip through the proxy (SELECT 1): p50 %.2f ms, direct: p50 %.2f ms%n",
          roundTripMillis(vertx, proxy.port()), roundTripMillis(vertx, postgres.port()));
      int database = 0;
      for (int processes : options.processes) {
        String name = "bench_" + (++database);
        LrsProcesses.createDatabase(vertx, postgres.port(), name);
        List<Process> lrs = new ArrayList<>();
        try {
          for (int i = 0; i < processes; i++) {
            lrs.add(startLrs(options, data, i, proxy.port(), name, kafka.bootstrapServers()));
            LrsProcesses.awaitReady(vertx, options.basePort + i, lrs.get(i));
          }
          LrsWorkload workload = new LrsWorkload(options.randomSeed);
          Load load = new Load(vertx, options.basePort, processes, workload);
          System.out.printf("%d LRS process(es): warming up %d s…%n", processes, options.warmup);
          load.run(options.concurrency, options.warmup);
          for (int run = 1; run <= options.runs; run++) {
            System.out.printf("%d LRS process(es): run %d, %d s at concurrency %d…%n", processes, run,
                options.duration, options.concurrency);
            Result result = load.run(options.concurrency, options.duration);
            rows.add(Row.writes(options.label + ", " + processes + " LRS", options.concurrency, result, 1));
          }
        } finally {
          lrs.forEach(LrsProcesses::stop);
        }
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    System.out.println();
    System.out.println(Row.table(rows));
  }

  private static Process startLrs(Options options, Path data, int index, int postgresPort, String database,
      String kafka) throws Exception {
    return LrsProcesses.start(options.lrsJar, options.basePort + index, postgresPort, database, kafka, "512m",
        data.resolve("lrs-" + index + ".log"));
  }

  /** The median of 50 {@code SELECT 1} round trips on one connection (after 10 not counted). */
  private static double roundTripMillis(Vertx vertx, int port) throws Exception {
    Pool pool = LrsProcesses.pool(vertx, port, EmbeddedPostgresServer.DATABASE);
    try {
      for (int i = 0; i < 10; i++) {
        pool.query("SELECT 1").execute().await(10, TimeUnit.SECONDS);
      }
      long[] took = new long[50];
      for (int i = 0; i < took.length; i++) {
        long start = System.nanoTime();
        pool.query("SELECT 1").execute().await(10, TimeUnit.SECONDS);
        took[i] = System.nanoTime() - start;
      }
      Arrays.sort(took);
      return took[took.length / 2] / 1e6;
    } finally {
      pool.close();
    }
  }

  /** Request loops, each bound to one LRS process, posting one statement at a time. */
  private static final class Load {
    private final Vertx vertx;
    private final HttpClient client;
    private final int basePort;
    private final int processes;
    private final LrsWorkload workload;
    private final String authorization = "Basic " + Base64.getEncoder()
        .encodeToString((LrsProcesses.DEV_KEY + ":" + LrsProcesses.DEV_SECRET).getBytes(StandardCharsets.UTF_8));

    Load(Vertx vertx, int basePort, int processes, LrsWorkload workload) {
      this.vertx = vertx;
      this.basePort = basePort;
      this.processes = processes;
      this.workload = workload;
      this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
          new PoolOptions().setHttp1MaxSize(64));
    }

    /** Loop {@code n} posts to LRS process {@code n mod processes}; one statement a request. */
    Result run(int concurrency, int seconds) throws InterruptedException {
      return RequestLoops.run(vertx, null, concurrency, Integer.MAX_VALUE, seconds,
          worker -> post(basePort + worker % processes, workload.statement()).map(status -> status == 200 ? 1 : -1));
    }

    private Future<Integer> post(int port, String body) {
      return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
              .setURI("/xapi/statements").putHeader("Authorization", authorization)
              .putHeader("X-Experience-API-Version", "1.0.3").putHeader("Content-Type", "application/json"))
          .compose(request -> request.send(Buffer.buffer(body)))
          .compose(response -> response.body().map(ignored -> response.statusCode()));
    }
  }

  /** Command-line options. */
  private static final class Options {
    String lrsJar = "hub/target/ahp-hub.jar";
    String label = "this build";
    double delayMillis = 1.0;
    int[] processes = {1, 2};
    int concurrency = 16;
    int duration = 20;
    int warmup = 15;
    int runs = 3;
    int basePort = 38180;
    String data = "/tmp/lrs-scale-bench";
    long randomSeed = System.nanoTime();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--lrs-jar" -> o.lrsJar = value;
          case "--label" -> o.label = value;
          case "--delay-ms" -> o.delayMillis = Double.parseDouble(value);
          case "--processes" -> o.processes = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
          case "--concurrency" -> o.concurrency = Integer.parseInt(value);
          case "--duration" -> o.duration = Integer.parseInt(value);
          case "--warmup" -> o.warmup = Integer.parseInt(value);
          case "--runs" -> o.runs = Integer.parseInt(value);
          case "--base-port" -> o.basePort = Integer.parseInt(value);
          case "--data" -> o.data = value;
          case "--help", "-h" -> {
            System.out.println("usage: LrsScaleBenchmark --lrs-jar hub/target/ahp-hub.jar --label name "
                + "[--delay-ms 1] [--processes 1,2] [--concurrency 16] [--duration 20] [--warmup 15] [--runs 3] "
                + "[--base-port 38180] [--data /tmp/lrs-scale-bench]");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
        }
        i++;
      }
      return o;
    }
  }
}
