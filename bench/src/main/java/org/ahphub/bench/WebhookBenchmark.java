package org.ahphub.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ahphub.embedded.ScratchDirectory;
import org.ahphub.hub.Hub;
import org.ahphub.hub.HubConfig;
import org.ahphub.sharing.webhooks.WebhookSignature;
import org.ahphub.platform.identity.PgCredentialStore;

/**
 * Issue 5's speed benchmark, end to end through the whole hub in this JVM (embedded PostgreSQL and Kafka on
 * free ports, every HTTP port chosen by the system): xAPI statements are POSTed to the LRS at a steady rate
 * and a local webhook receiver (a Vert.x HTTP server on loopback) checks each Standard Webhooks signature
 * and notes when the passport event of each statement arrives.
 *
 * <pre>
 * mvn -q -pl bench -am -DskipTests package
 * java -cp bench/target/ahp-hub-bench.jar org.ahphub.bench.WebhookBenchmark [--rate 1000] [--seconds 20] \
 *     [--warmup 60] [--subscribers 100] [--fanout-statements 300] [--learners 2000] [--in-flight 4] [--outage 0] [--outage-rate 100]
 * </pre>
 *
 * Phase 1 (latency): one subscription; statements at {@code --rate}/s for {@code --seconds}; latency is from
 * the LRS's 200 (the statement is committed) to the signed webhook carrying that statement's
 * {@code competency.credited}/{@code renewed} event being received, p50/p99/max.
 * Phase 2 (fan-out): {@code --subscribers} subscriptions in all; {@code --fanout-statements} statements at
 * the same rate; every subscription receives every event; deliveries/s is all deliveries over the time from
 * the first statement accepted to the last delivery received, and the same latency is reported per delivery.
 * The fault phase, run between them when {@code --outage} is given (seconds): the one subscription; statements
 * at {@code --outage-rate}/s throughout; the receiver refuses connections for that long mid-stream and comes
 * back; every event must then arrive, each webhook-id once after deduplication, in order per person.
 * Phase 1's latency is also split at the passport event's {@code time} (set by the mapper) and at the delivery
 * row's {@code created_at} (read from the hub's database). {@code --in-flight} sets
 * {@code WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT}; without it the hub's default applies. Every request the benchmark
 * makes has connect, idle and overall timeouts: a statement that fails is counted, a setup call that fails
 * stops the run with the reason.
 */
public final class WebhookBenchmark {

  private static final String COMPETENCIES = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/";
  private static final String[] ALIGNED = {"5.6", "4.4/intermediate", "2.2", "3.4", "6.1/entry", "8.4", "7.2/entry"};
  private static final String KEY = "bench";
  private static final String SECRET = "bench-secret";
  /** Every benchmark request gives up after these: a failure is reported, never a hang. */
  private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final long IDLE_TIMEOUT_MILLIS = 30_000;
  private static final long REQUEST_TIMEOUT_SECONDS = 60;
  private static final long SETUP_TIMEOUT_SECONDS = 20;
  private static final int WARMUP_STEP_SECONDS = 10;
  private static final int MAX_WARMUP_SECONDS = 300;

  private final Vertx vertx;
  private final HttpClient client;
  private final Hub hub;
  private final String authorization = basic(KEY, SECRET);
  /** The subscribing employer: passport:subscribe and person:link (the development credential has xAPI scopes). */
  private final String employer = basic("bench-employer", "bench-employer-secret");
  /** Receiver path → subscription secret. */
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  /** Statement id → when the LRS answered 200, in nanoseconds. */
  private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
  /** Statement id → arrival times of its evidence events, in nanoseconds (one per subscription). */
  private final Map<String, List<Long>> receivedAt = new ConcurrentHashMap<>();
  /** Statement id → when the LRS answered 200 and when the mapper built its event, wall clock in ms (the event's {@code time}). */
  private final Map<String, Long> acceptedAtWall = new ConcurrentHashMap<>();
  private final Map<String, Long> eventTime = new ConcurrentHashMap<>();
  /** Statement id → wall-clock arrival of its first delivery, in ms. */
  private final Map<String, Long> firstReceivedWall = new ConcurrentHashMap<>();
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicLong badSignatures = new AtomicLong();
  private final AtomicLong lastDelivery = new AtomicLong();
  private int receiverPort;
  private String receiverDeployment;
  /** During the fault phase: every request the receiver accepted, in arrival order. */
  private volatile ConcurrentLinkedQueue<Arrival> arrivals;

  private record Arrival(String webhookId, String person, long passportVersion) {}
  /** The hub's database, read only to split the latency at the delivery queue. */
  private Pool pool;

  private WebhookBenchmark(Vertx vertx, Hub hub) {
    this.vertx = vertx;
    this.hub = hub;
    // Statements come from many platforms at once: the benchmark's own connection pool must not set the rate.
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(256));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
    // The JIT compilers keep working for a minute or more on a fresh hub (the LRS, the mapper and the broker
    // share the JVM): after 10 s of warm-up they still took about half a core of phase 1's 20 s. This is the
    // least; the warm-up goes on while they are busy (warmUp).
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "60"));
    int subscribers = Integer.parseInt(options.getOrDefault("subscribers", "100"));
    int fanoutStatements = Integer.parseInt(options.getOrDefault("fanout-statements", "300"));
    // A trust-sized population: with 200 learners each one completed five courses a second, and after a few
    // minutes every statement's learner had hundreds of pieces of evidence for the mapper to read.
    int learners = Integer.parseInt(options.getOrDefault("learners", "2000"));
    int outage = Integer.parseInt(options.getOrDefault("outage", "0"));
    int outageRate = Integer.parseInt(options.getOrDefault("outage-rate", "100"));
    ScratchDirectory data = ScratchDirectory.create("ahp-webhook-bench");
    Map<String, String> env = new HashMap<>();
    env.put("HUB_DATA_DIR", data.path().toString());
    env.put("HUB_POSTGRES_PORT", String.valueOf(freePort()));
    env.put("HUB_KAFKA_PORT", String.valueOf(freePort()));
    env.put("HUB_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
    env.put("LRS_HTTP_PORT", "0");
    env.put("MAPPER_HTTP_PORT", "0");
    env.put("CONNECTORS_HTTP_PORT", "0");
    env.put("HUB_DEV_CREDENTIAL", KEY + ":" + SECRET);
    if (options.containsKey("in-flight")) {
      env.put("WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT", options.get("in-flight"));
    }
    System.out.printf("webhook benchmark: starting the hub in %s (%d cores, Java %s)%n", data.path(),
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    Hub hub = Hub.start(HubConfig.fromEnv(env));
    Vertx vertx = Vertx.vertx();
    try {
      WebhookBenchmark benchmark = new WebhookBenchmark(vertx, hub);
      benchmark.run(rate, seconds, warmup, subscribers, fanoutStatements, learners,
          options.getOrDefault("in-flight", "the default"), outage, outageRate);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      hub.close();
      data.close();
    }
  }

  private static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private void run(int rate, int seconds, int warmup, int subscribers, int fanoutStatements, int learners,
      String inFlight, int outage, int outageRate) throws Exception {
    pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(hub.postgresPort())
        .setDatabase("postgres").setUser("postgres")).using(vertx).build();
    new PgCredentialStore(vertx, pool).ensure("Benchmark Employer", "https://employer.example.nhs.uk", "bench-employer",
        "bench-employer-secret", Set.of("passport:subscribe", "person:link")).await(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    new PgCredentialStore(vertx, pool).ensure("Benchmark Operator", "https://operator.example.org", "bench-operator",
        "bench-operator-secret", Set.of("admin")).await(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    receiverPort = startReceiver(0);

    System.out.printf("setting up: %d learners employed by the benchmark employer, 1 subscription…%n", learners);
    List<JsonObject> agents = new ArrayList<>();
    ExecutorService employing = Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<JsonObject>> employed = new ArrayList<>();
      for (int i = 0; i < learners; i++) {
        JsonObject agent = new JsonObject().put("mbox", "mailto:webhook-bench-" + i + "@example.nhs.uk");
        agents.add(agent);
        employed.add(employing.submit(() -> expect(201, call(HttpMethod.POST, hub.mapperPort(), "/relationships",
            new JsonObject().put("kind", "employment").put("agent", agent).put("startsAt", "2025-01-01"), true))));
      }
      for (java.util.concurrent.Future<JsonObject> relationship : employed) {
        relationship.get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      // A proposal gives the employer nothing until the learner accepts it: one statement per learner makes
      // the person, then each learner accepts with a learner token, as on the web page.
      System.out.printf("  one statement per learner, then each accepts the employer's proposal…%n");
      post(agents, rate, learners);
      List<java.util.concurrent.Future<?>> accepted = new ArrayList<>();
      for (JsonObject agent : agents) {
        accepted.add(employing.submit(() -> {
          acceptProposal(agent);
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> acceptance : accepted) {
        acceptance.get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      employing.shutdownNow();
    }
    subscribe(1);

    int warmedUp = warmUp(agents, rate, warmup);
    awaitQuiet();
    reset();

    System.out.printf("phase 1: %,d statements/s for %d s, 1 subscription…%n", rate, seconds);
    long phase1Started = System.nanoTime();
    long phase1StartedWall = System.currentTimeMillis();
    long compilingBefore = compilingMillis();
    int refused1 = post(agents, rate, rate * seconds);
    long compiling1 = compilingMillis() - compilingBefore;
    boolean complete1 = awaitEvery(1, 600);
    Report latency = report(phase1Started);
    Queue queue1 = queueSplit(phase1StartedWall);
    List<String> fault = outage > 0 ? fault(agents, outage, outageRate) : List.of();

    System.out.printf("adding %d subscriptions…%n", subscribers - 1);
    subscribe(subscribers - 1);
    awaitQuiet();
    reset();
    System.out.printf("phase 2: %,d statements at %,d/s, %d subscriptions…%n", fanoutStatements, rate, subscribers);
    long phase2Started = System.nanoTime();
    int refused2 = post(agents, rate, fanoutStatements);
    boolean complete2 = awaitEvery(subscribers, 600);
    Report fanout = report(phase2Started);

    String table = String.join("\n",
        "",
        "| measure | value |",
        "|---|---|",
        String.format("| phase 1: statements accepted (1 subscription) | %,d at %,d/s (%,d refused or failed) |",
            latency.statements, rate, refused1),
        String.format("| LRS 200 → signed webhook received, p50 | %d ms |", latency.p50 / 1_000_000),
        String.format("| p99 | %d ms |", latency.p99 / 1_000_000),
        String.format("| max | %d ms |", latency.max / 1_000_000),
        String.format("| of which LRS 200 → mapper builds the passport event, p50 / p99 | %d ms / %d ms |",
            latency.toEventP50, latency.toEventP99),
        String.format("| of which passport event → webhook received, p50 / p99 | %d ms / %d ms |",
            latency.fromEventP50, latency.fromEventP99),
        String.format("| … passport event → queued for delivery (mapper commit, outbox relay, Kafka, webhook consumer), p50 / p99 | %d ms / %d ms |",
            queue1.toQueueP50, queue1.toQueueP99),
        String.format("| … queued → delivery recorded (dispatcher: claim, send, record), p50 / p99 | %d ms / %d ms |",
            queue1.toDeliveredP50, queue1.toDeliveredP99),
        String.format("| every statement's webhook arrived | %s |", complete1 ? "yes" : "NO (timed out)"),
        String.format("| warm-up at the rate before phase 1 (until the JIT compilers were nearly idle) | %d s |", warmedUp),
        String.format("| JIT compilation while phase 1 posted | %,d ms |", compiling1),
        String.join("\n", fault),
        String.format("| phase 2: statements accepted (%d subscriptions) | %,d at %,d/s (%,d refused or failed) |",
            subscribers, fanout.statements, rate, refused2),
        String.format("| deliveries received | %,d |", fanout.deliveries),
        String.format("| delivery throughput (first statement → last delivery) | %,.0f deliveries/s |",
            fanout.deliveriesPerSecond),
        String.format("| LRS 200 → webhook received (all deliveries), p50 / p99 / max | %d ms / %d ms / %d ms |",
            fanout.p50 / 1_000_000, fanout.p99 / 1_000_000, fanout.max / 1_000_000),
        String.format("| every subscription received every statement's event | %s |", complete2 ? "yes" : "NO (timed out)"),
        String.format("| invalid signatures | %d |", badSignatures.get()),
        String.format("| requests in flight per subscription (WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT) | %s |", inFlight),
        String.format("| CPUs | %d |", Runtime.getRuntime().availableProcessors()),
        "");
    System.out.println(table);
  }

  /**
   * The fault phase, with the one subscription: statements at {@code rate}/s throughout, the receiver down
   * (connections refused) for {@code outage} seconds after the first 10 and back for the last 10. Then every
   * statement's event must arrive, each webhook-id counted once, in passport-version order per person, and as
   * many distinct webhook-ids as the hub recorded deliveries. Returns the report's table rows.
   */
  private List<String> fault(List<JsonObject> agents, int outage, int rate) throws Exception {
    System.out.printf("fault: %,d statements/s; the receiver goes away for %d s after 10 s, then 10 s more…%n",
        rate, outage);
    awaitQuiet();
    reset();
    arrivals = new ConcurrentLinkedQueue<>();
    long startedWall = System.currentTimeMillis();
    int refused = post(agents, rate, rate * 10);
    stopReceiver();
    int beforeDown = arrivals.size();
    long downAt = System.nanoTime();
    refused += post(agents, rate, rate * outage);
    startReceiver(receiverPort);
    long backAt = System.nanoTime();
    int whileDown = arrivals.size() - beforeDown;
    System.out.printf("  receiver back after %.0f s…%n", (backAt - downAt) / 1e9);
    refused += post(agents, rate, rate * 10);
    boolean complete = awaitEvery(1, 600 + 2 * outage);
    long allArrived = (lastDelivery.get() - backAt) / 1_000_000_000L;
    awaitQuiet();

    List<Arrival> got = new ArrayList<>(arrivals);
    arrivals = null;
    Map<String, Long> lastVersion = new HashMap<>();
    Set<String> ids = new HashSet<>();
    int outOfOrder = 0;
    for (Arrival arrival : got) {
      if (ids.add(arrival.webhookId())) {
        Long before = lastVersion.put(arrival.person(), arrival.passportVersion());
        if (before != null && arrival.passportVersion() < before) {
          outOfOrder++;
        }
      }
    }
    Row recorded = pool.preparedQuery("""
            SELECT count(*) AS queued, count(*) FILTER (WHERE status = 'delivered') AS delivered
            FROM mapper.webhook_delivery WHERE created_at >= $1""")
        .execute(Tuple.of(Instant.ofEpochMilli(startedWall).atOffset(ZoneOffset.UTC)))
        .await(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS).iterator().next();
    return List.of(
        String.format("| fault: statements accepted | %,d at %,d/s (%,d refused or failed) |", acceptedAt.size(), rate,
            refused),
        String.format("| fault: receiver down (connections refused) | %d s, mid-stream (it had received %,d requests; %,d while away) |",
            outage, beforeDown, whileDown),
        String.format("| fault: every statement's event arrived after it came back | %s, the last %d s after |",
            complete ? "yes" : "NO (timed out)", allArrived),
        String.format("| fault: deliveries queued / recorded delivered / distinct webhook-ids received | %,d / %,d / %,d |",
            recorded.getLong("queued"), recorded.getLong("delivered"), ids.size()),
        String.format("| fault: requests received again for a webhook-id already received (deduplicated) | %,d |",
            got.size() - ids.size()),
        String.format("| fault: events out of order for their person | %d |", outOfOrder));
  }

  /**
   * The receiver stands for the employer's server: a verticle of its own, so it does not share an event loop
   * with the client that posts the statements. Returns the port it listens on.
   */
  private int startReceiver(int port) throws Exception {
    HttpServer[] server = new HttpServer[1];
    receiverDeployment = vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
          receive(request.path(), request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
              request.getHeader("webhook-signature"), body);
          request.response().setStatusCode(204).end();
        })).listen(port, "127.0.0.1").onSuccess(listening -> server[0] = listening);
      }
    }).await(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return server[0].actualPort();
  }

  /** The employer's server goes away: its port refuses connections until {@link #startReceiver} again. */
  private void stopReceiver() throws Exception {
    vertx.undeploy(receiverDeployment).await(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private void receive(String path, String id, String timestamp, String signature, Buffer body) {
    long now = System.nanoTime();
    long wall = System.currentTimeMillis();
    deliveries.incrementAndGet();
    lastDelivery.set(now);
    String text = body.toString(StandardCharsets.UTF_8);
    String secret = secrets.get(path);
    String expected = secret == null || id == null || timestamp == null ? null
        : "v1," + WebhookSignature.sign(secret, id, Long.parseLong(timestamp), text);
    if (expected == null || signature == null || !List.of(signature.split(" ")).contains(expected)) {
      badSignatures.incrementAndGet();
      return;
    }
    JsonObject event = new JsonObject(text);
    JsonObject data = event.getJsonObject("data");
    String statementId = data == null ? null : data.getString("statementId");
    if (arrivals != null && data != null) {
      arrivals.add(new Arrival(id, event.getString("subject"), data.getLong("passportVersion", -1L)));
    }
    if (statementId != null) {
      receivedAt.computeIfAbsent(statementId, k -> Collections.synchronizedList(new ArrayList<>())).add(now);
      firstReceivedWall.putIfAbsent(statementId, wall);
      if (event.getString("time") != null) {
        eventTime.putIfAbsent(statementId, Instant.parse(event.getString("time")).toEpochMilli());
      }
    }
  }

  private void subscribe(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      String path = "/hooks/" + UUID.randomUUID();
      // Not retried: a subscription created twice would receive everything twice, signed with a secret not known here.
      JsonObject created = expect(201, call(HttpMethod.POST, hub.mapperPort(), "/subscriptions", new JsonObject()
          .put("url", "http://127.0.0.1:" + receiverPort + path).put("description", "benchmark"), false));
      secrets.put(path, created.getString("secret"));
    }
  }

  /** A request that fails rather than hangs: connect, idle and overall timeouts. */
  private RequestOptions request(HttpMethod method, int port, String uri) {
    return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setIdleTimeout(IDLE_TIMEOUT_MILLIS);
  }

  /**
   * Posts {@code total} statements at {@code rate}/s, each on its own request; returns when all are
   * answered or have failed, with how many were not accepted.
   */
  private int post(List<JsonObject> agents, int rate, int total) throws Exception {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    vertx.setPeriodic(0, 5, timer -> {
      long due = Math.min(total, (System.nanoTime() - started) * rate / 1_000_000_000L + 1);
      while (sent.get() < due) {
        int n = sent.getAndIncrement();
        JsonObject statement = statement(agents.get(n % agents.size()), n);
        String id = statement.getString("id");
        exchange(request(HttpMethod.POST, hub.lrsPort(), "/xapi/statements").putHeader("Authorization", authorization)
                .putHeader("X-Experience-API-Version", "1.0.3").putHeader("Content-Type", "application/json"),
            statement.toBuffer(), REQUEST_TIMEOUT_SECONDS)
            .onComplete(result -> {
              if (result.succeeded() && result.result().status() == 200) {
                acceptedAt.put(id, System.nanoTime());
                acceptedAtWall.put(id, System.currentTimeMillis());
              } else {
                refused.incrementAndGet();
                String why = result.succeeded() ? "HTTP " + result.result().status() : result.cause().toString();
                failures.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
              }
              if (answered.incrementAndGet() == total) {
                done.complete();
              }
            });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(timer);
      }
    });
    long allowed = (long) total / Math.max(1, rate) + CONNECT_TIMEOUT_MILLIS / 1000 + REQUEST_TIMEOUT_SECONDS + 10;
    done.future().await(allowed, TimeUnit.SECONDS);
    failures.forEach((why, count) -> System.out.printf("  %,d statements not accepted: %s%n", count.get(), why));
    return refused.get();
  }

  private static JsonObject statement(JsonObject agent, int n) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", agent)
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://learning.example.org/course/" + (n % 97)))
        .put("context", new JsonObject().put("contextActivities", new JsonObject().put("category",
            new JsonArray().add(new JsonObject().put("id", COMPETENCIES + ALIGNED[n % ALIGNED.length])))))
        .put("timestamp", Instant.now().toString());
  }

  /** Until each accepted statement's event reached {@code subscriptions} receivers; false on timeout. */
  private boolean awaitEvery(int subscriptions, int timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    int polls = 0;
    while (System.nanoTime() < deadline) {
      boolean all = acceptedAt.keySet().stream().allMatch(id -> {
        List<Long> times = receivedAt.get(id);
        return times != null && times.size() >= subscriptions;
      });
      if (all) {
        return true;
      }
      if (++polls % 50 == 0) {
        System.out.printf("  … %,d deliveries (%d with a bad signature), %,d of %,d statements seen%n", deliveries.get(),
            badSignatures.get(), receivedAt.size(), acceptedAt.size());
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Until no delivery has arrived for a second (at most two minutes). */
  private void awaitQuiet() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    do {
      Thread.sleep(1_000);
    } while (System.nanoTime() - lastDelivery.get() < 1_000_000_000L && System.nanoTime() < deadline);
  }

  private void reset() {
    acceptedAt.clear();
    acceptedAtWall.clear();
    receivedAt.clear();
    eventTime.clear();
    firstReceivedWall.clear();
    deliveries.set(0);
  }

  private record Report(int statements, long deliveries, double deliveriesPerSecond, long p50, long p99, long max,
      long toEventP50, long toEventP99, long fromEventP50, long fromEventP99) {}

  private Report report(long phaseStarted) {
    List<Long> latencies = new ArrayList<>();
    List<Long> toEvent = new ArrayList<>();
    List<Long> fromEvent = new ArrayList<>();
    acceptedAt.forEach((id, accepted) -> {
      List<Long> times = receivedAt.get(id);
      if (times != null) {
        synchronized (times) {
          times.forEach(t -> latencies.add(Math.max(0, t - accepted)));
        }
      }
      Long built = eventTime.get(id);
      Long acceptedWall = acceptedAtWall.get(id);
      Long received = firstReceivedWall.get(id);
      if (built != null && acceptedWall != null && received != null) {
        // Wall clock (the event's time is the mapper's); the LRS answers after its commit, so this may be negative.
        toEvent.add(built - acceptedWall);
        fromEvent.add(received - built);
      }
    });
    Collections.sort(latencies);
    Collections.sort(toEvent);
    Collections.sort(fromEvent);
    double seconds = (lastDelivery.get() - phaseStarted) / 1e9;
    return new Report(acceptedAt.size(), deliveries.get(), deliveries.get() / seconds, percentile(latencies, 50),
        percentile(latencies, 99), latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1),
        percentile(toEvent, 50), percentile(toEvent, 99), percentile(fromEvent, 50), percentile(fromEvent, 99));
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private record Queue(long toQueueP50, long toQueueP99, long toDeliveredP50, long toDeliveredP99) {}

  /** From the delivery rows since {@code sinceMillis}: event time → row created → recorded delivered. */
  private Queue queueSplit(long sinceMillis) throws Exception {
    Row row = pool.preparedQuery("""
            SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - event_time)) AS queued50,
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - event_time)) AS queued99,
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at)) AS delivered50,
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at)) AS delivered99
            FROM mapper.webhook_delivery
            WHERE created_at >= $1 AND status = 'delivered'""")
        .execute(Tuple.of(Instant.ofEpochMilli(sinceMillis).atOffset(ZoneOffset.UTC)))
        .await(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS).iterator().next();
    return new Queue(millis(row, "queued50"), millis(row, "queued99"), millis(row, "delivered50"),
        millis(row, "delivered99"));
  }

  private static long millis(Row row, String seconds) {
    Number value = row.getNumeric(seconds);
    return value == null ? 0 : Math.round(value.doubleValue() * 1000);
  }

  private record Answer(String path, int status, Buffer body) {}

  private static final String OPERATOR = basic("bench-operator", "bench-operator-secret");

  /** The learner behind {@code agent} accepts the benchmark employer's proposal (the person must exist). */
  private void acceptProposal(JsonObject agent) throws Exception {
    String query = "/persons?agent=" + java.net.URLEncoder.encode(agent.encode(), StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_TIMEOUT_SECONDS);
    Answer person = setup(OPERATOR, HttpMethod.GET, query, null);
    while (person.status() == 404 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      person = setup(OPERATOR, HttpMethod.GET, query, null);
    }
    String personId = expect(200, person).getString("personId");
    String token = expect(201, setup(OPERATOR, HttpMethod.POST, "/admin/persons/" + personId + "/learner-tokens",
        new JsonObject())).getString("token");
    for (Object r : expect(200, setup("Bearer " + token, HttpMethod.GET, "/me/relationships", null))
        .getJsonArray("relationships")) {
      JsonObject relationship = (JsonObject) r;
      if ("proposed".equals(relationship.getString("status"))) {
        expect(200, setup("Bearer " + token, HttpMethod.POST,
            "/me/relationships/" + relationship.getString("id") + "/accept", null));
      }
    }
  }

  /** One setup request to the passport service with the given Authorization header. */
  private Answer setup(String authorization, HttpMethod method, String path, JsonObject body) throws Exception {
    return exchange(request(method, hub.mapperPort(), path).putHeader("Authorization", authorization)
            .putHeader("Content-Type", "application/json"), body == null ? Buffer.buffer() : body.toBuffer(),
        SETUP_TIMEOUT_SECONDS)
        .await(SETUP_TIMEOUT_SECONDS + CONNECT_TIMEOUT_MILLIS / 1000 + 5, TimeUnit.SECONDS);
  }

  /**
   * One setup request, as the employer. Each attempt is reset after {@link #SETUP_TIMEOUT_SECONDS} (an idle
   * timeout alone does not end a response that started and stalled); a {@code retryable} one is tried again
   * (a relationship recorded twice changes nothing here), and the last failure stops the run with the reason.
   */
  private Answer call(HttpMethod method, int port, String path, JsonObject body, boolean retryable) throws Exception {
    int attempts = retryable ? 3 : 1;
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(method, port, path, body);
      } catch (Exception failure) {
        System.out.printf("  %s %s, attempt %d of %d: %s%n", method, path, attempt, attempts, failure);
        if (attempt == attempts) {
          throw new IllegalStateException(method + " " + path + " failed: " + failure, failure);
        }
      }
    }
  }

  private Answer attempt(HttpMethod method, int port, String path, JsonObject body) throws Exception {
    return exchange(request(method, port, path).putHeader("Authorization", employer)
            .putHeader("Content-Type", "application/json"), body.toBuffer(), SETUP_TIMEOUT_SECONDS)
        .await(SETUP_TIMEOUT_SECONDS + CONNECT_TIMEOUT_MILLIS / 1000 + 5, TimeUnit.SECONDS);
  }

  /** One request and its whole answer; reset (and failed) when the answer is not complete within the time. */
  private Future<Answer> exchange(RequestOptions options, Buffer body, long timeoutSeconds) {
    io.vertx.core.Promise<Answer> answer = io.vertx.core.Promise.promise();
    client.request(options)
        .onFailure(answer::fail)
        .onSuccess(request -> {
          long deadline = vertx.setTimer(TimeUnit.SECONDS.toMillis(timeoutSeconds), id -> request.reset(0,
              new java.util.concurrent.TimeoutException("no complete answer within " + timeoutSeconds + " s")));
          request.send(body)
              .compose(response -> response.body().map(content -> new Answer(options.getURI(), response.statusCode(), content)))
              .onComplete(done -> {
                vertx.cancelTimer(deadline);
                answer.handle(done);
              });
        });
    return answer.future();
  }

  private static JsonObject expect(int status, Answer answer) {
    if (answer.status() != status) {
      throw new IllegalStateException(answer.path() + " answered " + answer.status() + ": " + answer.body());
    }
    return answer.body().length() == 0 ? new JsonObject() : new JsonObject(answer.body());
  }

  /**
   * Posts at the rate for {@code minimum} seconds, then in steps of 10 s until the JIT compilers spent less
   * than a second of a step (at most 5 minutes in all): on a fresh hub they otherwise take a large, varying
   * share of two cores during phase 1. Not counted. Returns how long it took, in seconds.
   */
  private int warmUp(List<JsonObject> agents, int rate, int minimum) throws Exception {
    System.out.printf("warming up (at least %d s at the rate, not counted)…%n", minimum);
    post(agents, rate, rate * minimum);
    int seconds = minimum;
    while (seconds < MAX_WARMUP_SECONDS) {
      long before = compilingMillis();
      post(agents, rate, rate * WARMUP_STEP_SECONDS);
      seconds += WARMUP_STEP_SECONDS;
      long compiled = compilingMillis() - before;
      if (compiled < 1_000) {
        break;
      }
      System.out.printf("  … still compiling (%,d ms in the last %d s), %d s so far%n", compiled, WARMUP_STEP_SECONDS,
          seconds);
    }
    return seconds;
  }

  /** Time the JIT compilers have spent so far (this JVM runs the whole hub); -1 where not reported. */
  private static long compilingMillis() {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : -1;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
