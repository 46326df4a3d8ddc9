package org.ahphub.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Loads a running hub's LRS over HTTP and prints a table: single-statement POSTs at concurrency 16,
 * 100-statement batches at concurrency 8, and filtered GETs (agent, verb + activity, registration).
 *
 * <pre>
 * java -cp bench/target/ahp-hub-bench.jar org.ahphub.bench.LrsBenchmark --url http://localhost:8080 \
 *     --key dev --secret dev-secret [--seed 1000000] [--duration 20] [--gets 3000]
 * </pre>
 *
 * {@code --seed N} first stores N statements of a realistic mix with 100-statement batches (the
 * filtered GETs are meant to run on a store of at least a million); leave it out on a store that is
 * already seeded. Every statement written stays in the store.
 */
public final class LrsBenchmark {

  private static final String VERSION = "1.0.3";

  private final Vertx vertx;
  private final HttpClient client;
  private final URI base;
  private final String authorization;

  private LrsBenchmark(Vertx vertx, URI base, String key, String secret) {
    this.vertx = vertx;
    this.base = base;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(64));
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Vertx vertx = Vertx.vertx();
    LrsBenchmark bench = new LrsBenchmark(vertx, URI.create(options.url), options.key, options.secret);
    try {
      bench.run(options);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private void run(Options options) throws Exception {
    LrsWorkload workload = new LrsWorkload(options.randomSeed);
    List<Row> rows = new ArrayList<>();
    System.out.printf("LRS benchmark against %s (%d cores here, Java %s)%n", base,
        Runtime.getRuntime().availableProcessors(), Runtime.version());

    // Only what will be measured is warmed up: writes warmed up before GETs alone would leave the
    // mapper working through them while the GETs are timed.
    boolean writes = options.seed > 0 || options.phases.contains("single") || options.phases.contains("batch")
        || options.phases.contains("rate");
    if (options.phases.contains("rate") && options.rateWarmup > 0) {
      // The rate phase's own load until the JIT compilers have settled (minutes on a fresh hub), so its CPU
      // and latency figures are the steady state's, not the start-up's.
      System.out.printf("warming up (%d s of single POSTs at %,d/s, not counted)…%n", options.rateWarmup,
          options.rate);
      steady(options.rate, options.rateWarmup, () -> postStatements(workload.statement(), 1));
    } else if (writes) {
      System.out.println("warming up (10 s of single POSTs and batches, not counted)…");
      phase("warm-up", 16, Integer.MAX_VALUE, 5, () -> postStatements(workload.statement(), 1));
      phase("warm-up", 8, Integer.MAX_VALUE, 5, () -> postStatements(workload.batch(100), 100));
    } else {
      System.out.println("warming up (5 s of filtered GETs, not counted; registrations read are kept for the registration GETs)…");
      phase("warm-up", options.getConcurrency, Integer.MAX_VALUE, 5, () -> randomGet(workload, options.limit));
    }

    if (options.seed > 0) {
      System.out.printf("seeding %,d statements with 100-statement batches at concurrency 8…%n", options.seed);
      Result seeded = phase("seed", 8, (int) Math.ceil(options.seed / 100.0), Integer.MAX_VALUE,
          () -> postStatements(workload.batch(100), 100));
      rows.add(Row.writes("seed: POST batches of 100", 8, seeded, 100));
    }

    if (options.phases.contains("single")) {
      System.out.printf("single-statement POSTs at concurrency 16 for %d s…%n", options.duration);
      rows.add(Row.writes("POST 1 statement", 16,
          phase("single", 16, Integer.MAX_VALUE, options.duration, () -> postStatements(workload.statement(), 1)), 1));
    }
    if (options.phases.contains("rate")) {
      System.out.printf("single-statement POSTs at a steady %,d/s for %d s (open loop)…%n", options.rate,
          options.duration);
      Result steady = steady(options.rate, options.duration, () -> postStatements(workload.statement(), 1));
      rows.add(Row.writes("POST 1 statement at " + options.rate + "/s", 0, steady, 1));
      System.out.printf("  whole machine, less this client: %,.0f µs of CPU per statement (%.2f cores busy)%n",
          steady.machineCpuNanos() / 1e3 / Math.max(1, steady.items()), steady.machineCpuNanos() / (double) steady.elapsedNanos());
      steady.processCpuNanos().forEach((kind, nanos) -> System.out.printf("    of which %-12s %,6.0f µs%n", kind + ":",
          nanos / 1e3 / Math.max(1, steady.items())));
    }
    if (options.phases.contains("batch")) {
      System.out.printf("100-statement batches at concurrency 8 for %d s…%n", options.duration);
      rows.add(Row.writes("POST batch of 100", 8,
          phase("batch", 8, Integer.MAX_VALUE, options.duration, () -> postStatements(workload.batch(100), 100)), 100));
    }
    if (!options.phases.contains("get")) {
      System.out.println();
      System.out.println(Row.table(rows));
      return;
    }
    int getConcurrency = options.getConcurrency;
    System.out.printf("filtered GETs (limit=%d), %,d each at concurrency %d…%n", options.limit, options.gets,
        getConcurrency);
    rows.add(Row.reads("GET ?agent=", getConcurrency, phase("agent", getConcurrency, options.gets, Integer.MAX_VALUE,
        () -> get("agent=" + LrsWorkload.encode(LrsWorkload.agent(workload.randomLearner())), options.limit))));
    rows.add(Row.reads("GET ?verb=&activity=", getConcurrency, phase("verb+activity", getConcurrency, options.gets,
        Integer.MAX_VALUE, () -> get("verb=" + LrsWorkload.encode(workload.randomVerb()) + "&activity="
            + LrsWorkload.encode(LrsWorkload.activityId(workload.randomActivity())), options.limit))));
    rows.add(Row.reads("GET ?registration=", getConcurrency, phase("registration", getConcurrency, options.gets,
        Integer.MAX_VALUE, () -> get("registration=" + workload.existingRegistration(), options.limit))));

    System.out.println();
    System.out.println(Row.table(rows));
  }

  /** One request's outcome: how many statements it wrote or read, or -1 when it failed. */
  private Future<Integer> randomGet(LrsWorkload workload, int limit) {
    return switch (ThreadLocalRandom.current().nextInt(3)) {
      case 0 -> get("agent=" + LrsWorkload.encode(LrsWorkload.agent(workload.randomLearner())), limit,
          page -> rememberRegistrations(page, workload));
      case 1 -> get("verb=" + LrsWorkload.encode(workload.randomVerb()) + "&activity="
          + LrsWorkload.encode(LrsWorkload.activityId(workload.randomActivity())), limit);
      default -> get("registration=" + workload.existingRegistration(), limit);
    };
  }

  private static int rememberRegistrations(Buffer page, LrsWorkload workload) {
    io.vertx.core.json.JsonArray statements = page.toJsonObject().getJsonArray("statements");
    statements.stream().map(s -> ((io.vertx.core.json.JsonObject) s).getJsonObject("context"))
        .filter(context -> context != null && context.getString("registration") != null)
        .forEach(context -> workload.remember(context.getString("registration")));
    return statements.size();
  }

  private Future<Integer> postStatements(String body, int statements) {
    return send(HttpMethod.POST, "/xapi/statements", Buffer.buffer(body))
        .map(status -> status == 200 ? statements : -1);
  }

  private Future<Integer> get(String query, int limit) {
    return get(query, limit, LrsBenchmark::countStatements);
  }

  /** A page of statements, read by {@code read} (which returns how many it holds); -1 when not 200. */
  private Future<Integer> get(String query, int limit, java.util.function.ToIntFunction<Buffer> read) {
    return client.request(options(HttpMethod.GET, "/xapi/statements?" + query + "&limit=" + limit))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() == 200 ? read.applyAsInt(body) : -1));
  }

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * The statements in a page, counted by skipping through the tokens: the client shares the machine
   * with the hub, and building every statement as objects here cost as much CPU as serving the page.
   */
  static int countStatements(Buffer page) {
    try (JsonParser parser = JSON.createParser(page.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("statements".equals(name) && value == JsonToken.START_ARRAY) {
          int statements = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            statements++;
            parser.skipChildren();
          }
          return statements;
        }
        parser.skipChildren();
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private Future<Integer> send(HttpMethod method, String path, Buffer body) {
    return client.request(options(method, path).putHeader("Content-Type", "application/json"))
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(ignored -> response.statusCode()));
  }

  private RequestOptions options(HttpMethod method, String pathAndQuery) {
    return new RequestOptions()
        .setMethod(method)
        .setHost(base.getHost())
        .setPort(base.getPort() == -1 ? 80 : base.getPort())
        .setURI(base.getPath().replaceAll("/$", "") + pathAndQuery)
        .putHeader("Authorization", authorization)
        .putHeader("X-Experience-API-Version", VERSION);
  }

  /** {@link RequestLoops#run}, reporting progress under {@code name}. */
  private Result phase(String name, int concurrency, int requests, int seconds, Supplier<Future<Integer>> request)
      throws InterruptedException {
    return RequestLoops.run(vertx, name, concurrency, requests, seconds, worker -> request.get());
  }

  /**
   * Sends {@code rate} requests a second on a fixed schedule for {@code seconds}, whatever the answers (an
   * open loop): each latency counts from the moment its request was due, so a stall shows in the percentiles
   * instead of slowing the load (no coordinated omission). Also measures the CPU the whole machine used
   * meanwhile (/proc/stat) less this process's: the hub's pipeline (LRS, relay, Kafka, mapper, PostgreSQL).
   */
  private Result steady(int rate, int seconds, Supplier<Future<Integer>> request) throws InterruptedException {
    int total = rate * seconds;
    long[] latencies = new long[total];
    AtomicInteger completed = new AtomicInteger();
    AtomicLong items = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(total);
    long machineAtStart = machineBusyNanos();
    Map<String, Long> processesAtStart = ProcessCpu.byKind();
    long cpuAtStart = RequestLoops.processCpuNanos();
    long start = System.nanoTime();
    long interval = 1_000_000_000L / rate;
    AtomicInteger sent = new AtomicInteger();
    // A 1 ms timer sends whatever has fallen due since the last tick.
    long timer = vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (sent.get() < total && start + sent.get() * interval <= now) {
        int n = sent.getAndIncrement();
        long due = start + n * interval;
        request.get().onComplete(outcome -> {
          if (outcome.succeeded() && outcome.result() >= 0) {
            items.addAndGet(outcome.result());
          } else if (errors.incrementAndGet() <= 5) {
            System.out.println("  request failed: " + (outcome.failed() ? outcome.cause() : "status not 200/204"));
          }
          latencies[completed.getAndIncrement()] = System.nanoTime() - due;
          done.countDown();
        });
      }
    });
    boolean finished = done.await(seconds + 30L, TimeUnit.SECONDS);
    vertx.cancelTimer(timer);
    long elapsed = System.nanoTime() - start;
    long clientCpu = RequestLoops.processCpuNanos() - cpuAtStart;
    long machine = machineBusyNanos() - machineAtStart - clientCpu;
    long[] all = Arrays.copyOf(latencies, completed.get());
    Arrays.sort(all);
    if (!finished) {
      System.out.printf("  %,d requests still unanswered after %d s%n", total - completed.get(), seconds + 30);
    }
    return new Result(all, items.get(), errors.get() + (total - completed.get()), elapsed, clientCpu, machine,
        ProcessCpu.since(processesAtStart));
  }

  /** CPU time every core of this machine has spent busy (not idle, not waiting for I/O), from /proc/stat. */
  private static long machineBusyNanos() {
    try {
      String[] fields = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
          .split("\\s+");
      long busy = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy * (1_000_000_000L / 100); // USER_HZ: 100 ticks a second on Linux
    } catch (IOException | RuntimeException unavailable) {
      return 0;
    }
  }

  /**
   * Sorted latencies (ns) of the successful requests, items written or read, failed requests, wall time,
   * the CPU time the benchmark process used meanwhile, and (steady phases) the rest of the machine's, also by
   * kind of process ({@link ProcessCpu}).
   */
  record Result(long[] latencies, long items, long errors, long elapsedNanos, long clientCpuNanos,
      long machineCpuNanos, Map<String, Long> processCpuNanos) {

    Result(long[] latencies, long items, long errors, long elapsedNanos, long clientCpuNanos) {
      this(latencies, items, errors, elapsedNanos, clientCpuNanos, 0, Map.of());
    }
    double seconds() {
      return elapsedNanos / 1e9;
    }

    /** The benchmark process's CPU use during the phase, in percent of one core. */
    double clientCpuPercent() {
      return clientCpuNanos * 100.0 / elapsedNanos;
    }

    /** The latency at this percentile, in milliseconds (nearest rank). */
    double percentileMillis(double percentile) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(percentile / 100.0 * latencies.length);
      return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
    }
  }

  /** One line of the table. */
  record Row(String what, int concurrency, Result result, String throughput) {
    static Row writes(String what, int concurrency, Result result, int perRequest) {
      return new Row(what, concurrency, result, String.format(Locale.ROOT, "%,.0f req/s = %,.0f statements/s",
          result.latencies().length / result.seconds(), result.items() / result.seconds()));
    }

    static Row reads(String what, int concurrency, Result result) {
      return new Row(what, concurrency, result, String.format(Locale.ROOT, "%,.0f req/s, %.1f statements/page",
          result.latencies().length / result.seconds(),
          result.latencies().length == 0 ? 0.0 : (double) result.items() / result.latencies().length));
    }

    static String table(List<Row> rows) {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "| %-26s | %4s | %9s | %7s | %7s | %7s | %7s | %-40s | %10s |%n",
          "workload", "conc", "requests", "p50 ms", "p95 ms", "p99 ms", "errors", "throughput", "client CPU"));
      out.append("|").append("-".repeat(28)).append("|").append("-".repeat(6)).append("|").append("-".repeat(11))
          .append("|").append("-".repeat(9)).append("|").append("-".repeat(9)).append("|").append("-".repeat(9))
          .append("|").append("-".repeat(9)).append("|").append("-".repeat(42)).append("|").append("-".repeat(12))
          .append("|\n");
      for (Row row : rows) {
        Result r = row.result();
        out.append(String.format(Locale.ROOT, "| %-26s | %4d | %,9d | %7.2f | %7.2f | %7.2f | %7d | %-40s | %8.0f %% |%n",
            row.what(), row.concurrency(), r.latencies().length, r.percentileMillis(50), r.percentileMillis(95),
            r.percentileMillis(99), r.errors(), row.throughput(), r.clientCpuPercent()));
      }
      return out.toString();
    }
  }

  /** Command-line options. */
  private static final class Options {
    String url = "http://localhost:8080";
    String key = "dev";
    String secret = "dev-secret";
    long seed;
    int duration = 20;
    int rate = 1_000;
    int rateWarmup;
    int gets = 3_000;
    int getConcurrency = 4;
    int limit = 25;
    java.util.Set<String> phases = java.util.Set.of("single", "batch", "get");
    long randomSeed = System.nanoTime();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--url" -> o.url = value;
          case "--key" -> o.key = value;
          case "--secret" -> o.secret = value;
          case "--seed" -> o.seed = Long.parseLong(value);
          case "--duration" -> o.duration = Integer.parseInt(value);
          case "--rate" -> o.rate = Integer.parseInt(value);
          case "--rate-warmup" -> o.rateWarmup = Integer.parseInt(value);
          case "--gets" -> o.gets = Integer.parseInt(value);
          case "--get-concurrency" -> o.getConcurrency = Integer.parseInt(value);
          case "--limit" -> o.limit = Integer.parseInt(value);
          case "--phases" -> o.phases = java.util.Set.of(value.split(","));
          case "--random-seed" -> o.randomSeed = Long.parseLong(value);
          case "--help", "-h" -> {
            System.out.println("usage: LrsBenchmark --url http://localhost:8080 --key dev --secret dev-secret "
                + "[--seed statements] [--duration s] [--gets n] [--get-concurrency n] [--limit n] "
                + "[--phases single,batch,get,rate] [--rate statements/s for the rate phase] "
                + "[--rate-warmup s: warm up at that rate instead of the 10 s default]");
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
