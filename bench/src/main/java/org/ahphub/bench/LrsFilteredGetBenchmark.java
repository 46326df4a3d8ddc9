package org.ahphub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ahphub.bench.LrsBenchmark.Result;
import org.ahphub.embedded.EmbeddedKafkaBroker;
import org.ahphub.embedded.EmbeddedPostgresServer;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.xapi.Actors;

/**
 * Filtered GETs through the LRS's HTTP API on a store of ten million statements (issue 20: p95 under 10 ms). It
 * starts an embedded PostgreSQL in its own data directory, a Kafka broker and {@code LrsMain} from the jar given as
 * a process (the {@link LrsProcesses} harness), fills the store ({@link LrsStoreFill}) unless {@code --reuse} finds a
 * filled one, checks that the generated statements are real (GET by id, the LRS's own copy of re-sent statements
 * matches the generated rows, paging through {@code more} links returns exactly the matching statements), then
 * times each query shape, with values that match and values that match nothing, in a closed loop of a few clients.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -cp bench/target/ahp-hub-bench.jar org.ahphub.bench.LrsFilteredGetBenchmark \
 *     --lrs-jar hub/target/ahp-hub.jar --data /tmp/lrs-10m [--reuse] [--statements 10000000] [--learners 100000]
 *     [--concurrency 4] [--duration 8] [--runs 3] [--port 38280] [--shapes agent,verb,...]
 * </pre>
 */
public final class LrsFilteredGetBenchmark {

  private static final String FILLED = "filled.properties";
  private static final String DATABASE = "lrs10m";
  /** The organisation whose credential reads: the largest (40 % of the statements). */
  private static final int READER = 0;

  private final Vertx vertx;
  private final HttpClient http;
  private final Pool pool;
  private final Options options;
  private final SplittableRandom random;
  private final String authorization = LrsStoreFill.authorization(READER);

  private LrsFilteredGetBenchmark(Vertx vertx, Pool pool, Options options) {
    this.vertx = vertx;
    this.pool = pool;
    this.options = options;
    this.random = new SplittableRandom(options.randomSeed);
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setIdleTimeout(120), new PoolOptions().setHttp1MaxSize(16));
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path data = Path.of(options.data);
    boolean reuse = options.reuse && Files.exists(data.resolve(FILLED));
    if (!reuse && !(options.reuse && Files.exists(data.resolve("postgres")))) {
      LrsProcesses.deleteRecursively(data);
    }
    Files.createDirectories(data);
    Vertx vertx = Vertx.vertx();
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), 0, false,
            options.sharedBuffers, Map.of("max_wal_size", "2GB", "checkpoint_timeout", "30min",
                "maintenance_work_mem", "512MB"));
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(data.resolve("kafka"), 0, 0)) {
      boolean created = databaseExists(vertx, postgres.port());
      if (!created) {
        LrsProcesses.createDatabase(vertx, postgres.port(), DATABASE);
      }
      Pool pool = LrsProcesses.pool(vertx, postgres.port(), DATABASE, 2);
      Process[] lrs = {startLrs(vertx, options, postgres.port(), kafka.bootstrapServers(), data)};
      // Stopped however this JVM ends (an interrupted fill included), so no LRS is left holding the port.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> LrsProcesses.stop(lrs[0])));
      try {
        LrsFilteredGetBenchmark bench = new LrsFilteredGetBenchmark(vertx, pool, options);
        if (!reuse) {
          // Seeds go through the LRS; the LRS is stopped while the rows are generated and the indexes rebuilt.
          long started = System.nanoTime();
          System.out.printf("filling the store with %,d statements (%,d learners)…%n", options.statements,
              options.learners);
          LrsStoreFill fill = new LrsStoreFill(vertx, pool, bench.http, options.port, options.learners);
          fill.prepareUnlessStarted(options.statements);
          LrsProcesses.stop(lrs[0]);
          fill.generate();
          bench.recordFill(data, (System.nanoTime() - started) / 1e9);
          lrs[0] = startLrs(vertx, options, postgres.port(), kafka.bootstrapServers(), data);
        }
        bench.run(data, postgres.port(), !reuse);
        if (options.hold > 0) {
          System.out.printf("holding PostgreSQL (port %d, database %s, user %s) and the LRS for %d s (EXPLAIN)…%n",
              postgres.port(), DATABASE, EmbeddedPostgresServer.USER, options.hold);
          Thread.sleep(options.hold * 1000L);
        }
      } finally {
        LrsProcesses.stop(lrs[0]);
        pool.close();
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static boolean databaseExists(Vertx vertx, int port) throws Exception {
    Pool admin = LrsProcesses.pool(vertx, port, EmbeddedPostgresServer.DATABASE);
    try {
      return admin.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1").execute(Tuple.of(DATABASE))
          .await(30, TimeUnit.SECONDS).size() > 0;
    } finally {
      admin.close();
    }
  }

  private static Process startLrs(Vertx vertx, Options options, int postgresPort, String kafka, Path data)
      throws Exception {
    Process lrs = LrsProcesses.start(options.lrsJar, options.port, postgresPort, DATABASE, kafka, options.lrsHeap,
        data.resolve("lrs.log"));
    // An LRS of a newer build migrates the store first: minutes for an index on ten million statements.
    LrsProcesses.awaitReady(vertx, options.port, lrs, 3600);
    return lrs;
  }

  private void recordFill(Path data, double seconds) throws Exception {
    Properties filled = new Properties();
    filled.setProperty("statements", String.valueOf(options.statements));
    filled.setProperty("learners", String.valueOf(options.learners));
    filled.setProperty("fill_seconds", String.format(Locale.ROOT, "%.0f", seconds));
    try (var out = Files.newOutputStream(data.resolve(FILLED))) {
      filled.store(out, "LrsFilteredGetBenchmark store");
    }
    System.out.printf("filled in %.0f s (this run's part of it, when it resumed an earlier one)%n", seconds);
  }

  private void run(Path data, int postgresPort, boolean filledNow) throws Exception {
    System.out.printf("LRS filtered-GET benchmark: %d cores, Java %s, PostgreSQL on %d, LRS on %d (%s)%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), postgresPort, options.port, options.lrsJar);
    Properties filled = new Properties();
    try (var in = Files.newInputStream(data.resolve(FILLED))) {
      filled.load(in);
    }
    System.out.printf("store in %s: %s statements, filled in %s s%n", data, filled.getProperty("statements"),
        filled.getProperty("fill_seconds"));
    storeFacts(data);
    verify(filledNow || options.verifyCopies);
    if (options.runs == 0) {
      return;
    }
    List<Shape> shapes = shapes();
    System.out.printf("warming up: %d s of every shape, not counted…%n", options.warmup);
    for (Shape shape : shapes) {
      measure(shape, Math.max(1, options.warmup / shapes.size()));
    }
    List<List<Measured>> runs = new ArrayList<>();
    for (int run = 1; run <= options.runs; run++) {
      System.out.printf("run %d of %d: each shape %d s at concurrency %d…%n", run, options.runs, options.duration,
          options.concurrency);
      List<Measured> measured = new ArrayList<>();
      for (Shape shape : shapes) {
        String before = loadAverage();
        Result result = measure(shape, options.duration);
        measured.add(new Measured(shape, result, before + " → " + loadAverage()));
      }
      System.out.println(table(measured));
      runs.add(measured);
    }
    System.out.println();
    System.out.printf("medians of %d runs (concurrency %d, %d s per shape and run):%n", runs.size(),
        options.concurrency, options.duration);
    System.out.println(medianTable(runs));
  }

  /** The store's size on disk and how the statements spread over the learners. */
  private void storeFacts(Path data) throws Exception {
    var row = pool.query("SELECT pg_database_size(current_database()) AS bytes, "
            + "(SELECT count(*) FROM lrs.statement) AS statements, "
            + "(SELECT count(*) FROM lrs.statement_agent) AS agent_rows, "
            + "(SELECT count(*) FROM lrs.statement_activity) AS activity_rows")
        .execute().await(10, TimeUnit.MINUTES).iterator().next();
    long onDisk;
    try (var walk = Files.walk(data.resolve("postgres"))) {
      onDisk = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf("store: %,d statements, %,d agent and %,d activity link rows; database %.1f GB, PostgreSQL data "
            + "directory %.1f GB%n", row.getLong("statements"), row.getLong("agent_rows"), row.getLong("activity_rows"),
        row.getLong("bytes") / 1e9, onDisk / 1e9);
    // Counted once per store (a pass over every statement), kept with the store's facts.
    Path facts = data.resolve(FILLED);
    Properties filled = new Properties();
    try (var in = Files.newInputStream(facts)) {
      filled.load(in);
    }
    if (filled.getProperty("per_learner") == null) {
      var perLearner = pool.query("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) AS median, "
              + "percentile_disc(0.99) WITHIN GROUP (ORDER BY n) AS p99, max(n) AS most, avg(n) AS mean "
              + "FROM (SELECT learner_key, count(*) AS n FROM lrs.statement GROUP BY learner_key) t")
          .execute().await(30, TimeUnit.MINUTES).iterator().next();
      filled.setProperty("per_learner", String.format(Locale.ROOT, "mean %.0f, median %d, p99 %d, most %d",
          perLearner.getNumeric("mean").doubleValue(), perLearner.getLong("median"), perLearner.getLong("p99"),
          perLearner.getLong("most")));
      try (var out = Files.newOutputStream(facts)) {
        filled.store(out, "LrsFilteredGetBenchmark store");
      }
    }
    System.out.println("statements per learner: " + filled.getProperty("per_learner"));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Checks that the generated store is real.

  private void verify(boolean copies) throws Exception {
    long statements = pool.query("SELECT statements FROM bench.fill_state").execute().await(30, TimeUnit.SECONDS)
        .iterator().next().getLong("statements");
    Long[] seqs = new Long[20];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = 1 + random.nextLong(statements);
    }
    var rows = pool.preparedQuery(SqlResources.load(LrsStoreFill.DIR + "select-generated.sql"))
        .execute(Tuple.of(seqs)).await(60, TimeUnit.SECONDS);
    Map<UUID, Integer> organisationOf = organisations();
    int byId = 0;
    int copied = 0;
    for (var row : rows) {
      int org = organisationOf.get(row.getUUID("authority_org"));
      JsonObject generated = new JsonObject(row.getString("payload"));
      // GET by id, with the organisation's own credential: the statement as stored.
      Answer answer = get("/xapi/statements?statementId=" + row.getUUID("id"), LrsStoreFill.authorization(org));
      if (answer.status != 200 || !new JsonObject(answer.body).equals(generated)) {
        throw new IllegalStateException("GET by id of generated seq " + row.getLong("seq") + ": " + answer.status
            + " " + answer.body);
      }
      byId++;
      if (copies && copied < 10) {
        // The same statement sent through the LRS: its row, payload and link rows must equal the generated ones.
        JsonObject sent = generated.copy();
        sent.remove("id");
        sent.remove("stored");
        sent.remove("authority");
        Answer stored = post(sent.encode(), LrsStoreFill.authorization(org));
        if (stored.status != 200) {
          throw new IllegalStateException("re-sending generated seq " + row.getLong("seq") + ": " + stored.status + " "
              + stored.body);
        }
        UUID copy = UUID.fromString(new JsonArray(stored.body).getString(0));
        var compared = pool.preparedQuery(SqlResources.load(LrsStoreFill.DIR + "verify-copy.sql"))
            .execute(Tuple.of(row.getLong("seq"), row.getUUID("authority_org"), copy)).await(30, TimeUnit.SECONDS)
            .iterator().next();
        for (String check : List.of("columns_match", "payload_match", "agents_match", "activities_match")) {
          if (!Boolean.TRUE.equals(compared.getBoolean(check))) {
            throw new IllegalStateException("generated seq " + row.getLong("seq") + " differs from the LRS's copy ("
                + check + "):\n  generated " + compared.getString("generated") + "\n  LRS       "
                + compared.getString("stored_by_lrs"));
          }
        }
        copied++;
      }
    }
    System.out.printf("verified: %d generated statements read back by id%s%n", byId,
        copies ? ", " + copied + " re-sent through the LRS stored exactly as generated (row, payload, link rows)" : "");
    // Paging: every statement of a busy learner, and of one verb in one day, through `more` links.
    int learner = busyLearner();
    String agent = LrsStoreFill.actor(learner).encode();
    checkPaging("agent=" + enc(agent) + "&limit=25", hash(Actors.identifierKey(LrsStoreFill.actor(learner))
        .orElseThrow()), null, null, null);
    Instant day = timeAt(0.5).truncatedTo(ChronoUnit.DAYS);
    checkPaging("verb=" + enc(LrsStoreFill.SESSION[5]) + "&since=" + day + "&until=" + day.plus(1, ChronoUnit.DAYS)
        + "&limit=100", null, LrsStoreFill.SESSION[5], day, day.plus(1, ChronoUnit.DAYS));
  }

  private Map<UUID, Integer> organisations() throws Exception {
    Map<UUID, Integer> map = new LinkedHashMap<>();
    pool.query("SELECT n, id FROM bench.organisation").execute().await(30, TimeUnit.SECONDS)
        .forEach(r -> map.put(r.getUUID("id"), r.getInteger("n")));
    return map;
  }

  /** A learner of the reading organisation with one of the most statements. */
  private int busyLearner() {
    for (int n = 0; ; n++) {
      if (LrsStoreFill.organisationOf(n) == READER) {
        return n;
      }
    }
  }

  private void checkPaging(String query, UUID agentHash, String verb, Instant since, Instant until) throws Exception {
    var expected = pool.preparedQuery(SqlResources.load(LrsStoreFill.DIR + "count-matching.sql"))
        .execute(Tuple.of(organisations().entrySet().stream().filter(e -> e.getValue() == READER).findFirst()
            .orElseThrow().getKey(), agentHash, verb, since == null ? null : since.atOffset(ZoneOffset.UTC),
            until == null ? null : until.atOffset(ZoneOffset.UTC)))
        .await(10, TimeUnit.MINUTES).iterator().next();
    List<String> expectedIds = Arrays.asList(expected.getArrayOfStrings("ids"));
    List<String> seen = new ArrayList<>();
    String next = "/xapi/statements?" + query;
    int pages = 0;
    while (!next.isEmpty()) {
      Answer answer = get(next, authorization);
      if (answer.status != 200) {
        throw new IllegalStateException("GET " + next + ": " + answer.status + " " + answer.body);
      }
      JsonObject page = new JsonObject(answer.body);
      page.getJsonArray("statements").forEach(s -> seen.add(((JsonObject) s).getString("id")));
      next = page.getString("more", "");
      pages++;
    }
    if (!seen.equals(expectedIds) || new HashSet<>(seen).size() != seen.size()) {
      throw new IllegalStateException("paging " + query + " returned " + seen.size() + " statements, expected "
          + expectedIds.size() + " (in the same order, none twice)");
    }
    System.out.printf("verified: %s returned all %,d matching statements in %d pages through `more` links, newest "
        + "first, none twice%n", query.replaceAll("agent=[^&]*", "agent=<learner " + expectedIds.size() + ">"),
        seen.size(), pages);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The query shapes.

  /** A row of the table: a query shape with values that match ({@code hit}) or match nothing. */
  private record Shape(String name, String values, Supplier<String> uri) {}

  private record Measured(Shape shape, Result result, String load) {}

  private List<Shape> shapes() throws Exception {
    List<Integer> own = new ArrayList<>();
    List<Integer> others = new ArrayList<>();
    for (int n = 0; n < options.learners && (own.size() < 5000 || others.size() < 5000); n++) {
      (LrsStoreFill.organisationOf(n) == READER ? own : others).add(n);
    }
    List<String> ownRegistrations = new ArrayList<>();
    List<String> otherRegistrations = new ArrayList<>();
    long statements = pool.query("SELECT statements FROM bench.fill_state").execute().await(30, TimeUnit.SECONDS)
        .iterator().next().getLong("statements");
    Long[] sample = new Long[4000];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = 1 + random.nextLong(statements);
    }
    Map<UUID, Integer> organisations = organisations();
    pool.preparedQuery(SqlResources.load(LrsStoreFill.DIR + "select-generated.sql")).execute(Tuple.of(sample))
        .await(5, TimeUnit.MINUTES).forEach(row -> (organisations.get(row.getUUID("authority_org")) == READER
            ? ownRegistrations : otherRegistrations).add(row.getUUID("registration").toString()));
    List<String> ownVerbs = new ArrayList<>(List.of(LrsStoreFill.SESSION));
    ownVerbs.add(LrsStoreFill.FAILED);
    Instant first = timeAt(0);
    Instant last = timeAt(1);
    Supplier<String> ownAgent = () -> enc(LrsStoreFill.actor(pick(own)).encode());
    Supplier<String> otherAgent = () -> enc(LrsStoreFill.actor(pick(others)).encode());
    Supplier<String> ownActivity = () -> enc(random.nextInt(5) == 0
        ? LrsStoreFill.ownCourseIri(READER, random.nextInt(50)) : LrsStoreFill.moduleIri(random.nextInt(300)));
    Supplier<String> otherActivity = () -> enc(LrsStoreFill.ownCourseIri(1 + random.nextInt(3), random.nextInt(50)));
    Supplier<String> ownParent = () -> enc(random.nextInt(5) == 0
        ? LrsStoreFill.ownCurriculumIri(READER, random.nextInt(5)) : LrsStoreFill.programmeIri(random.nextInt(30)));
    Supplier<String> otherParent = () -> enc(LrsStoreFill.ownCurriculumIri(1 + random.nextInt(3), random.nextInt(5)));
    Supplier<String> ownVerb = () -> enc(ownVerbs.get(random.nextInt(ownVerbs.size())));
    Supplier<String> pastInstant = () -> timeBetween(first, last).toString();
    Supplier<String> recentSince = () -> last.minus(1 + random.nextInt(72), ChronoUnit.HOURS).toString();
    Supplier<String> future = () -> last.plus(1 + random.nextInt(72), ChronoUnit.HOURS).toString();
    Supplier<String> beforeHistory = () -> first.minus(1 + random.nextInt(72), ChronoUnit.HOURS).toString();

    List<Shape> shapes = new ArrayList<>();
    String s = "/xapi/statements?";
    String l = "&limit=25";
    add(shapes, "agent", "hit", () -> s + "agent=" + ownAgent.get() + l);
    add(shapes, "agent", "miss: another org's learner", () -> s + "agent=" + otherAgent.get() + l);
    add(shapes, "verb", "hit", () -> s + "verb=" + ownVerb.get() + l);
    add(shapes, "verb", "miss: another org's verb", () -> s + "verb=" + enc(LrsStoreFill.PLAYED) + l);
    add(shapes, "activity", "hit", () -> s + "activity=" + ownActivity.get() + l);
    add(shapes, "activity", "miss: another org's course", () -> s + "activity=" + otherActivity.get() + l);
    add(shapes, "activity+related_activities", "hit: a programme",
        () -> s + "activity=" + ownParent.get() + "&related_activities=true" + l);
    add(shapes, "activity+related_activities", "miss: another org's curriculum",
        () -> s + "activity=" + otherParent.get() + "&related_activities=true" + l);
    add(shapes, "registration", "hit", () -> s + "registration=" + pick(ownRegistrations) + l);
    add(shapes, "registration", "miss: another org's", () -> s + "registration=" + pick(otherRegistrations) + l);
    add(shapes, "since", "hit: last 3 days", () -> s + "since=" + recentSince.get() + l);
    add(shapes, "since", "miss: after the last", () -> s + "since=" + future.get() + l);
    add(shapes, "until", "hit: any time", () -> s + "until=" + pastInstant.get() + l);
    add(shapes, "until", "miss: before the first", () -> s + "until=" + beforeHistory.get() + l);
    add(shapes, "since+until (one day)", "hit", () -> {
      Instant from = timeBetween(first, last.minus(1, ChronoUnit.DAYS));
      return s + "since=" + from + "&until=" + from.plus(1, ChronoUnit.DAYS) + l;
    });
    add(shapes, "since+until (one day)", "miss: before the first", () -> {
      Instant from = first.minus(2, ChronoUnit.DAYS);
      return s + "since=" + from + "&until=" + from.plus(1, ChronoUnit.DAYS) + l;
    });
    add(shapes, "agent+verb+since", "hit: last 180 days", () -> s + "agent=" + ownAgent.get() + "&verb="
        + enc(LrsStoreFill.SESSION[5]) + "&since=" + last.minus(180, ChronoUnit.DAYS) + l);
    add(shapes, "agent+verb+since", "miss: since after the last", () -> s + "agent=" + ownAgent.get() + "&verb="
        + enc(LrsStoreFill.SESSION[5]) + "&since=" + future.get() + l);
    add(shapes, "verb, limit=5", "hit", () -> s + "verb=" + ownVerb.get() + "&limit=5");
    add(shapes, "verb, default limit (100)", "hit", () -> s + "verb=" + ownVerb.get());
    add(shapes, "agent, ascending", "hit", () -> s + "agent=" + ownAgent.get() + "&ascending=true" + l);
    add(shapes, "agent, ascending", "miss: another org's learner",
        () -> s + "agent=" + otherAgent.get() + "&ascending=true" + l);
    add(shapes, "verb, ascending", "hit", () -> s + "verb=" + ownVerb.get() + "&ascending=true" + l);
    add(shapes, "verb, ascending", "miss: another org's verb",
        () -> s + "verb=" + enc(LrsStoreFill.PLAYED) + "&ascending=true" + l);
    List<String> verbMores = moreLinks(() -> s + "verb=" + ownVerb.get() + l, 100, () -> 1 + random.nextInt(20));
    add(shapes, "more link of verb", "pages 2-21", () -> pick(verbMores));
    List<String> agentMores = moreLinks(() -> s + "agent=" + ownAgent.get() + "&limit=10", 100, () -> 1);
    add(shapes, "more link of agent (limit=10)", "page 2", () -> pick(agentMores));
    List<String> sinceMores = moreLinks(() -> s + "since=" + last.minus(30, ChronoUnit.DAYS) + l, 200,
        () -> 1 + random.nextInt(20));
    add(shapes, "more link of since", "pages 2-21", () -> pick(sinceMores));
    if (options.shapes != null) {
      shapes.removeIf(shape -> !options.shapes.contains(shape.name().replaceAll("[ ,(].*", "")));
    }
    return shapes;
  }

  private static void add(List<Shape> shapes, String name, String values, Supplier<String> uri) {
    shapes.add(new Shape(name, values, uri));
  }

  /**
   * Up to {@code count} more links (as many as a minute gives), each after following {@code depth} pages from a first
   * page of {@code query}.
   */
  private List<String> moreLinks(Supplier<String> query, int count, java.util.function.IntSupplier depth) throws Exception {
    List<String> links = new ArrayList<>();
    // At most a minute's worth: on a store where the query is slow, a few links measure it as well as many.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int attempt = 0; links.size() < count && attempt < count * 4
        && (links.isEmpty() || System.nanoTime() < deadline); attempt++) {
      String next = query.get();
      int pages = depth.getAsInt();
      for (int page = 0; page < pages && !next.isEmpty(); page++) {
        Answer answer = get(next, authorization);
        next = answer.status == 200 ? new JsonObject(answer.body).getString("more", "") : "";
      }
      if (!next.isEmpty()) {
        links.add(next);
      }
    }
    return links;
  }

  private Result measure(Shape shape, int seconds) throws InterruptedException {
    return RequestLoops.run(vertx, null, options.concurrency, options.maxRequests, seconds,
        worker -> getPage(nextUri(shape)));
  }

  /** The loops run on several event loops; the values are drawn from one generator. */
  private synchronized String nextUri(Shape shape) {
    return shape.uri().get();
  }

  private Future<Integer> getPage(String uri) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(options.port)
            .setURI(uri).putHeader("Authorization", authorization).putHeader("X-Experience-API-Version", "1.0.3"))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() == 200
            ? LrsBenchmark.countStatements(body) : -1));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Tables.

  private static String table(List<Measured> measured) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "| %-32s | %-32s | %8s | %7s | %7s | %7s | %6s | %10s | %6s | %-11s |%n", "query", "values", "requests",
        "p50 ms", "p95 ms", "p99 ms", "errors", "stmts/page", "client", "load avg"));
    out.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Measured m : measured) {
      Result r = m.result();
      out.append(String.format(Locale.ROOT, "| %-32s | %-32s | %,8d | %7.2f | %7.2f | %7.2f | %6d | %10.1f | %5.0f%% | %-11s |%n",
          m.shape().name(), m.shape().values(), r.latencies().length, r.percentileMillis(50), r.percentileMillis(95),
          r.percentileMillis(99), r.errors(), perPage(r), r.clientCpuPercent(), m.load()));
    }
    return out.toString();
  }

  private static String medianTable(List<List<Measured>> runs) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "| %-32s | %-32s | %-20s | %7s | %-22s | %7s | %10s | %6s | %s |%n", "query", "values",
        "requests (runs)", "p50 ms", "p95 ms (runs)", "p99 ms", "stmts/page", "client", "p95 < 10 ms"));
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < runs.get(0).size(); i++) {
      int row = i;
      List<Result> results = runs.stream().map(run -> run.get(row).result()).toList();
      double p95 = median(results.stream().mapToDouble(r -> r.percentileMillis(95)).toArray());
      out.append(String.format(Locale.ROOT, "| %-32s | %-32s | %-20s | %7.2f | %-22s | %7.2f | %10.1f | %5.0f%% | %s |%n",
          runs.get(0).get(i).shape().name(), runs.get(0).get(i).shape().values(),
          String.join(", ", results.stream().map(r -> String.format(Locale.ROOT, "%,d", r.latencies().length)).toList()),
          median(results.stream().mapToDouble(r -> r.percentileMillis(50)).toArray()),
          String.format(Locale.ROOT, "**%.2f** (%s)", p95, String.join(", ", results.stream()
              .map(r -> String.format(Locale.ROOT, "%.1f", r.percentileMillis(95))).toList())),
          median(results.stream().mapToDouble(r -> r.percentileMillis(99)).toArray()),
          median(results.stream().mapToDouble(LrsFilteredGetBenchmark::perPage).toArray()),
          median(results.stream().mapToDouble(Result::clientCpuPercent).toArray()),
          p95 < 10 ? "yes" : "no"));
    }
    return out.toString();
  }

  private static double perPage(Result r) {
    return r.latencies().length == 0 ? 0 : (double) r.items() / r.latencies().length;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  /** The 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0];
    } catch (Exception unavailable) {
      return "?";
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers.

  private record Answer(int status, String body) {}

  /**
   * The checks and the set-up calls are sequential and blocking: the JDK's client serves them (the measured loops use
   * Vert.x's).
   */
  private final java.net.http.HttpClient blocking = java.net.http.HttpClient.newBuilder()
      .connectTimeout(java.time.Duration.ofSeconds(10)).build();

  private Answer get(String uri, String credentials) throws Exception {
    return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + options.port + uri))
        .GET().header("Authorization", credentials).header("X-Experience-API-Version", "1.0.3"), uri);
  }

  private Answer post(String body, String credentials) throws Exception {
    return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + options.port
            + "/xapi/statements")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", credentials).header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json"), "POST /xapi/statements");
  }

  private Answer send(java.net.http.HttpRequest.Builder request, String what) throws Exception {
    try {
      var response = blocking.send(request.timeout(java.time.Duration.ofSeconds(120)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(what + " failed", e);
    }
  }

  /** The `stored` time at fraction {@code f} of the generated history. */
  private Instant timeAt(double f) throws Exception {
    var row = pool.query("SELECT first_stored_ms, span_ms FROM bench.fill_state").execute().await(30, TimeUnit.SECONDS)
        .iterator().next();
    return Instant.ofEpochMilli(row.getLong("first_stored_ms") + (long) (f * row.getLong("span_ms")));
  }

  private Instant timeBetween(Instant from, Instant to) {
    return from.plusMillis((long) (random.nextDouble() * (to.toEpochMilli() - from.toEpochMilli())));
  }

  private synchronized <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static String enc(String value) {
    return LrsWorkload.encode(value);
  }

  /** The link-row hash of a key, as the LRS's LinkKeys computes it. */
  private static UUID hash(String key) {
    try {
      var digest = java.nio.ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(
          key.getBytes(StandardCharsets.UTF_8)));
      return new UUID(digest.getLong(), digest.getLong());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Command-line options. */
  private static final class Options {
    String lrsJar = "hub/target/ahp-hub.jar";
    String data = "/tmp/lrs-10m";
    boolean reuse;
    boolean verifyCopies;
    long statements = 10_000_000;
    int learners = 100_000;
    int concurrency = 4;
    int duration = 8;
    int warmup = 60;
    int runs = 3;
    int maxRequests = 20_000;
    int port = 38280;
    String lrsHeap = "1g";
    String sharedBuffers = "1GB";
    Set<String> shapes;
    long randomSeed = 20;
    int hold;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--lrs-jar" -> o.lrsJar = value;
          case "--data" -> o.data = value;
          case "--reuse" -> {
            o.reuse = true;
            continue;
          }
          case "--verify-copies" -> {
            o.verifyCopies = true;
            continue;
          }
          case "--statements" -> o.statements = Long.parseLong(value);
          case "--learners" -> o.learners = Integer.parseInt(value);
          case "--concurrency" -> o.concurrency = Integer.parseInt(value);
          case "--duration" -> o.duration = Integer.parseInt(value);
          case "--warmup" -> o.warmup = Integer.parseInt(value);
          case "--runs" -> o.runs = Integer.parseInt(value);
          case "--max-requests" -> o.maxRequests = Integer.parseInt(value);
          case "--port" -> o.port = Integer.parseInt(value);
          case "--lrs-heap" -> o.lrsHeap = value;
          case "--shared-buffers" -> o.sharedBuffers = value;
          case "--shapes" -> o.shapes = Set.of(value.split(","));
          case "--random-seed" -> o.randomSeed = Long.parseLong(value);
          case "--hold" -> o.hold = Integer.parseInt(value);
          case "--help", "-h" -> {
            System.out.println("usage: LrsFilteredGetBenchmark --lrs-jar hub/target/ahp-hub.jar --data /tmp/lrs-10m "
                + "[--reuse] [--verify-copies] [--statements 10000000] [--learners 100000] [--concurrency 4] "
                + "[--duration 8] [--warmup 60] [--runs 3] [--max-requests 20000] [--port 38280] [--lrs-heap 1g] "
                + "[--shared-buffers 1GB] [--shapes agent,verb,activity,...] [--random-seed 20] "
                + "[--hold seconds: keep PostgreSQL and the LRS up afterwards]");
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
