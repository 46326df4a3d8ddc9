package org.ahphub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.identity.PgCredentialStore;
import org.ahphub.xapi.Actors;

/**
 * Fills an LRS store with millions of statements, fast and as the LRS itself would have stored them: a few seed
 * statements go through the LRS's HTTP API (so each table, index and link row is written by the LRS), then the
 * statements are multiplied inside PostgreSQL by set-based SQL ({@code sql/bench/store10m/fill-chunk.sql}) that
 * writes exactly what {@code store-statements.sql} writes for a statement, with other ids, learners, modules,
 * registrations and times. The generated statements take the seqs below the seed statements' (the sequence is set
 * past them before the seeds are sent), with `stored` times over the year before the seeds, so seq and `stored`
 * stay in the same order (LRS V51); the relay has published past them, as it would have long ago.
 *
 * <p>The history: {@link #LEARNERS} learners in four organisations (40, 30, 20 and 10 % of the learners, each
 * organisation's statements stored with its own credential), sessions of eight statements (launched, initialized,
 * experienced or a video's played, progressed, answered, completed, passed or failed, terminated) with one
 * registration each, shared e-LfH modules and each organisation's own courses.
 */
final class LrsStoreFill {

  static final String DIR = "sql/bench/store10m/";
  static final int ORGANISATIONS = 4;
  static final int WINDOW_SESSIONS = 256;
  static final int CHUNK = 100_000;

  /** Organisation 0 is the development organisation (credential dev); the others get their own. */
  static final String[] ORGANISATION_NAMES = {"Development Trust", "Riverside Community NHS Trust",
      "Northgate Hospitals NHS Trust", "AHP e-Learning Platform"};
  static final String[] ORGANISATION_KEYS = {LrsProcesses.DEV_KEY, "bench-org-1", "bench-org-2", "bench-org-3"};
  static final String[] ORGANISATION_SECRETS = {LrsProcesses.DEV_SECRET, "bench-secret-1", "bench-secret-2",
      "bench-secret-3"};

  static final String XAPI = "http://adlnet.gov/expapi/verbs/";
  /** The verbs of a session's eight statements; position 6 is passed or (12 %) failed. */
  static final String[] SESSION = {XAPI + "launched", XAPI + "initialized", XAPI + "experienced", XAPI + "progressed",
      XAPI + "answered", XAPI + "completed", XAPI + "passed", XAPI + "terminated"};
  static final String FAILED = XAPI + "failed";
  /** The e-learning platform (organisation 3) sends a video's played where the trusts send experienced. */
  static final String PLAYED = "https://w3id.org/xapi/video/verbs/played";

  private final Vertx vertx;
  private final Pool pool;
  private final HttpClient http;
  private final int lrsPort;
  private final int learners;

  LrsStoreFill(Vertx vertx, Pool pool, HttpClient http, int lrsPort, int learners) {
    this.vertx = vertx;
    this.pool = pool;
    this.http = http;
    this.lrsPort = lrsPort;
    this.learners = learners;
  }

  /** Organisation of learner {@code n}: 40 % organisation 0, 30 % 1, 20 % 2, 10 % 3. */
  static int organisationOf(int learner) {
    int d = learner % 10;
    return d < 4 ? 0 : d < 7 ? 1 : d < 9 ? 2 : 3;
  }

  /** Seven learners in ten are known by their trust e-mail address, the others by their e-LfH account. */
  static JsonObject actor(int learner) {
    return (learner / 10) % 10 < 7
        ? new JsonObject().put("objectType", "Agent")
            .put("mbox", "mailto:learner-" + learner + "@trust-" + organisationOf(learner) + ".example.nhs.uk")
        : new JsonObject().put("objectType", "Agent").put("account",
            new JsonObject().put("homePage", "https://www.e-lfh.org.uk").put("name", "L" + (1_000_000 + learner)));
  }

  static String verbAt(int organisation, int position, boolean fail) {
    if (position == 6 && fail) {
      return FAILED;
    }
    return position == 2 && organisation == 3 ? PLAYED : SESSION[position];
  }

  static String moduleIri(int n) {
    return "https://learning.example-elfh.nhs.uk/modules/" + n;
  }

  static String ownCourseIri(int organisation, int k) {
    return "https://lms.trust-" + organisation + ".example.nhs.uk/courses/" + k;
  }

  static String programmeIri(int n) {
    return "https://learning.example-elfh.nhs.uk/programmes/" + n;
  }

  static String ownCurriculumIri(int organisation, int k) {
    return "https://lms.trust-" + organisation + ".example.nhs.uk/curricula/" + k;
  }

  /**
   * Prepares a fill of {@code statements} statements unless one was started before: organisations and credentials,
   * the bench tables, seed statements through HTTP (the LRS must be running). Returns false when resuming.
   */
  boolean prepareUnlessStarted(long statements) throws Exception {
    boolean prepared = pool.query("SELECT to_regclass('bench.fill_state') IS NOT NULL AS present").execute()
        .await(30, TimeUnit.SECONDS).iterator().next().getBoolean("present");
    if (prepared) {
      System.out.println("resuming the fill where it stopped");
      return false;
    }
    prepare(statements);
    return true;
  }

  /**
   * Generates the statements (the LRS need not run: nothing reads while the indexes are set aside), builds the
   * indexes again, then the activity definitions, VACUUM ANALYZE and a checkpoint.
   */
  void generate() throws Exception {
    Row state = pool.query("SELECT * FROM bench.fill_state").execute().await(30, TimeUnit.SECONDS).iterator().next();
    long total = state.getLong("statements");
    long from = state.getLong("filled_through") + 1;
    if (from <= total) {
      pool.query(SqlResources.load(DIR + "drop-indexes.sql")).execute().await(30, TimeUnit.MINUTES);
    }
    pool.query("CREATE TABLE IF NOT EXISTS bench.fill_done (first_seq bigint PRIMARY KEY)").execute()
        .await(30, TimeUnit.SECONDS);
    Set<Long> done = new java.util.HashSet<>();
    pool.query("SELECT first_seq FROM bench.fill_done").execute().await(30, TimeUnit.SECONDS)
        .forEach(row -> done.add(row.getLong("first_seq")));
    java.util.concurrent.ConcurrentLinkedQueue<Long> chunks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (long first = from; first <= total; first += CHUNK) {
      if (!done.contains(first)) {
        chunks.add(first);
      }
    }
    String chunkSql = SqlResources.load(DIR + "fill-chunk.sql");
    long chunkStart = System.nanoTime();
    java.util.concurrent.atomic.AtomicLong filled = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong lastReport = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    int remaining = chunks.size();
    // Two chunks at a time (one per core): each is one backend's work, and they write different seqs.
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < FILL_CONNECTIONS; w++) {
      workers.add(nextChunk(chunks, chunkSql, state, total, filled, lastReport, chunkStart, remaining));
    }
    Future.all(workers).await(24, TimeUnit.HOURS);
    List<String> dropped = new ArrayList<>();
    pool.query("SELECT index_name FROM bench.dropped_index ORDER BY table_name, index_name").execute()
        .await(30, TimeUnit.SECONDS).forEach(row -> dropped.add(row.getString("index_name")));
    for (String index : dropped) {
      Row definition = pool.preparedQuery(SqlResources.load(DIR + "restore-indexes.sql")).execute(Tuple.of(index))
          .await(30, TimeUnit.SECONDS).iterator().next();
      long started = System.nanoTime();
      String ddl = definition.getString("constraint_def") != null
          ? "ALTER TABLE lrs." + definition.getString("table_name") + " ADD CONSTRAINT " + index + " "
              + definition.getString("constraint_def")
          : definition.getString("index_def");
      pool.query(ddl).execute().await(2, TimeUnit.HOURS);
      pool.preparedQuery("DELETE FROM bench.dropped_index WHERE index_name = $1").execute(Tuple.of(index))
          .await(30, TimeUnit.SECONDS);
      System.out.printf("  built %s in %.0f s (load average %s)%n", index, (System.nanoTime() - started) / 1e9,
          LrsFilteredGetBenchmark.loadAverage());
    }
    System.out.println("activity definitions, VACUUM ANALYZE…");
    pool.preparedQuery(SqlResources.load(DIR + "fill-activities.sql"))
        .execute(Tuple.of(Instant.now().atOffset(ZoneOffset.UTC))).await(10, TimeUnit.MINUTES);
    for (String table : List.of("lrs.statement", "lrs.statement_agent", "lrs.statement_activity", "lrs.activity")) {
      pool.query("VACUUM (ANALYZE) " + table).execute().await(60, TimeUnit.MINUTES);
    }
    pool.query("CHECKPOINT").execute().await(30, TimeUnit.MINUTES);
  }

  static final int FILL_CONNECTIONS = 2;

  private Future<Void> nextChunk(java.util.Queue<Long> chunks, String sql, Row state, long total,
      java.util.concurrent.atomic.AtomicLong filled, java.util.concurrent.atomic.AtomicLong lastReport, long started,
      int chunkCount) {
    Long first = chunks.poll();
    if (first == null) {
      return Future.succeededFuture();
    }
    long last = Math.min(total, first + CHUNK - 1);
    return pool.preparedQuery(sql).execute(Tuple.wrap(new Object[] {first, last, total,
            state.getLong("first_stored_ms"), state.getLong("span_ms"), state.getInteger("learners"),
            state.getInteger("window_sessions")}))
        .compose(rows -> {
          long n = filled.addAndGet(last - first + 1);
          long now = System.nanoTime();
          long previous = lastReport.get();
          if ((now - previous > TimeUnit.SECONDS.toNanos(30) && lastReport.compareAndSet(previous, now))
              || chunks.isEmpty()) {
            System.out.printf("  filled %,d statements more (%d chunks were left; %,.0f statements/s, load average %s)%n",
                n, chunkCount, n / ((now - started) / 1e9), LrsFilteredGetBenchmark.loadAverage());
          }
          return nextChunk(chunks, sql, state, total, filled, lastReport, started, chunkCount);
        });
  }

  private void prepare(long statements) throws Exception {
    System.out.printf("preparing: %d organisations, %,d learners, seed statements through HTTP…%n", ORGANISATIONS,
        learners);
    List<UUID> organisations = credentials();
    pool.query(SqlResources.load(DIR + "schema.sql")).execute().await(60, TimeUnit.SECONDS);
    for (int n = 0; n < ORGANISATIONS; n++) {
      pool.preparedQuery("INSERT INTO bench.organisation (n, id, credential_key) VALUES ($1, $2, $3)")
          .execute(Tuple.of(n, organisations.get(n), ORGANISATION_KEYS[n])).await(30, TimeUnit.SECONDS);
    }
    insertLearners();
    pool.query(SqlResources.load(DIR + "insert-modules.sql")).execute().await(60, TimeUnit.SECONDS);
    for (int org = 0; org < ORGANISATIONS; org++) {
      for (int position = 0; position < SESSION.length; position++) {
        for (boolean fail : new boolean[] {false, true}) {
          pool.preparedQuery("INSERT INTO bench.script (org, position, fail, verb_id) VALUES ($1, $2, $3, $4)")
              .execute(Tuple.of(org, position, fail, verbAt(org, position, fail))).await(30, TimeUnit.SECONDS);
        }
      }
    }
    // The generated statements take seqs 1..N; the seed statements the LRS stores now come after them.
    pool.preparedQuery("SELECT setval('lrs.statement_seq_seq', $1, false)").execute(Tuple.of(statements + 1))
        .await(30, TimeUnit.SECONDS);
    List<UUID> seedIds = postSeeds();
    pool.preparedQuery(SqlResources.load(DIR + "insert-templates.sql"))
        .execute(Tuple.of(seedIds.toArray(UUID[]::new))).await(60, TimeUnit.SECONDS);
    long templates = pool.query("SELECT count(*) AS n FROM bench.template").execute().await(30, TimeUnit.SECONDS)
        .iterator().next().getLong("n");
    if (templates != seedIds.size()) {
      throw new IllegalStateException("the LRS stored " + templates + " of the " + seedIds.size() + " seed statements");
    }
    // `stored` of the generated statements: the year before the seeds, ending a minute before them.
    long end = pool.query("SELECT (extract(epoch FROM min(stored)) * 1000)::bigint AS ms FROM bench.template t "
            + "JOIN lrs.statement s ON s.seq = t.seq").execute().await(30, TimeUnit.SECONDS)
        .iterator().next().getLong("ms") - 60_000;
    long span = 365L * 24 * 3600 * 1000;
    pool.preparedQuery("INSERT INTO bench.fill_state VALUES ($1, 0, $2, $3, $4, $5)")
        .execute(Tuple.of(statements, end - span, span, learners, WINDOW_SESSIONS)).await(30, TimeUnit.SECONDS);
    System.out.printf("  %d seed statements stored by the LRS; generating %,d statements in chunks of %,d…%n",
        seedIds.size(), statements, CHUNK);
  }

  /** The four organisations' credentials (organisation 0's is the LRS's bootstrap credential). */
  private List<UUID> credentials() throws Exception {
    PgCredentialStore store = new PgCredentialStore(vertx, pool);
    List<UUID> ids = new ArrayList<>();
    for (int n = 0; n < ORGANISATIONS; n++) {
      ids.add(store.ensure(ORGANISATION_NAMES[n], n == 0 ? "https://ahp-hub.org/organisations/dev"
              : "https://ahp-hub.org/organisations/bench-" + n, ORGANISATION_KEYS[n], ORGANISATION_SECRETS[n],
          n == 0 ? Set.of("all", "admin") : Set.of("all")).await(60, TimeUnit.SECONDS));
    }
    return ids;
  }

  private void insertLearners() throws Exception {
    String sql = SqlResources.load(DIR + "insert-learners.sql");
    for (int from = 0; from < learners; from += 10_000) {
      int to = Math.min(learners, from + 10_000);
      Integer[] n = new Integer[to - from];
      Integer[] org = new Integer[to - from];
      JsonObject[] actor = new JsonObject[to - from];
      String[] key = new String[to - from];
      for (int i = from; i < to; i++) {
        n[i - from] = i;
        org[i - from] = organisationOf(i);
        actor[i - from] = actor(i);
        key[i - from] = Actors.identifierKey(actor[i - from]).orElseThrow();
      }
      pool.preparedQuery(sql).execute(Tuple.of(n, org, actor, key)).await(60, TimeUnit.SECONDS);
    }
  }

  /** One statement per organisation and verb it sends, through the LRS with that organisation's credential. */
  private List<UUID> postSeeds() throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (int org = 0; org < ORGANISATIONS; org++) {
      Map<String, Boolean> verbs = new LinkedHashMap<>();
      for (int position = 0; position < SESSION.length; position++) {
        verbs.put(verbAt(org, position, false), position >= 4 && position <= 6);
      }
      verbs.put(FAILED, true);
      JsonArray batch = new JsonArray();
      int learner = org == 0 ? 0 : org == 1 ? 4 : org == 2 ? 7 : 9;
      for (Map.Entry<String, Boolean> verb : verbs.entrySet()) {
        batch.add(seedStatement(learner, verb.getKey(), verb.getValue(), org));
      }
      String body = batch.encode();
      int organisation = org;
      JsonArray stored = http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
              .setPort(lrsPort).setURI("/xapi/statements")
              .putHeader("Authorization", authorization(organisation))
              .putHeader("X-Experience-API-Version", "1.0.3").putHeader("Content-Type", "application/json"))
          .compose(request -> request.send(Buffer.buffer(body)))
          .compose(response -> response.body().compose(answer -> response.statusCode() == 200
              ? Future.succeededFuture(answer.toJsonArray())
              : Future.failedFuture("seed POST for organisation " + organisation + ": " + response.statusCode() + " "
                  + answer)))
          .await(60, TimeUnit.SECONDS);
      stored.forEach(id -> ids.add(UUID.fromString((String) id)));
    }
    return ids;
  }

  static String authorization(int organisation) {
    return "Basic " + Base64.getEncoder().encodeToString((ORGANISATION_KEYS[organisation] + ":"
        + ORGANISATION_SECRETS[organisation]).getBytes(StandardCharsets.UTF_8));
  }

  /** A statement as a platform sends it; the generator replaces its actor, object, context activities and times. */
  private static JsonObject seedStatement(int learner, String verb, boolean assessed, int org) {
    String display = verb.substring(verb.lastIndexOf('/') + 1);
    JsonObject statement = new JsonObject()
        .put("actor", actor(learner))
        .put("verb", new JsonObject().put("id", verb).put("display", new JsonObject().put("en-GB", display)))
        .put("object", new JsonObject().put("objectType", "Activity").put("id", moduleIri(0))
            .put("definition", new JsonObject().put("name", new JsonObject().put("en-GB", "Module 0"))
                .put("type", "http://adlnet.gov/expapi/activities/module")));
    if (assessed) {
      statement.put("result", new JsonObject().put("score", new JsonObject().put("scaled", 0.8))
          .put("success", !verb.equals(FAILED)).put("completion", !verb.endsWith("answered"))
          .put("duration", "PT" + (600 + display.length() * 37) + "S"));
    }
    statement.put("context", new JsonObject()
        .put("registration", UUID.nameUUIDFromBytes(("seed/" + org + "/" + verb).getBytes(StandardCharsets.UTF_8))
            .toString())
        .put("platform", org == 3 ? "AHP e-Learning Platform" : "e-Learning for Health")
        .put("language", "en-GB")
        .put("contextActivities", new JsonObject()
            .put("parent", new JsonArray().add(new JsonObject().put("id", programmeIri(0))))
            .put("category", new JsonArray().add(new JsonObject()
                .put("id", "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/1.1")))));
    statement.put("timestamp", "2026-01-05T09:30:00.000Z");
    return statement;
  }
}
