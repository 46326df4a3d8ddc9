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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ahphub.hub.Hub;
import org.ahphub.hub.HubConfig;
import org.ahphub.mapper.webhooks.WebhookSignature;
import org.ahphub.platform.identity.PgCredentialStore;

/**
 * Issue 5's speed benchmark, end to end through the whole hub in this JVM (embedded PostgreSQL and Kafka on
 * free ports, every HTTP port chosen by the system): xAPI statements are POSTed to the LRS at a steady rate
 * and a local webhook receiver (a Vert.x HTTP server on loopback) checks each Standard Webhooks signature
 * and notes when the passport event of each statement arrives.
 *
 * <pre>
 * mvn -q install -DskipTests
 * java -cp hub/target/ahp-hub.jar org.ahphub.bench.WebhookBenchmark [--rate 1000] [--seconds 20] \
 *     [--warmup 10] [--subscribers 100] [--fanout-statements 300] [--learners 200] [--in-flight 4]
 * </pre>
 *
 * Phase 1 (latency): one subscription; statements at {@code --rate}/s for {@code --seconds}; latency is from
 * the LRS's 200 (the statement is committed) to the signed webhook carrying that statement's
 * {@code competency.credited}/{@code renewed} event being received, p50/p99/max.
 * Phase 2 (fan-out): {@code --subscribers} subscriptions in all; {@code --fanout-statements} statements at
 * the same rate; every subscription receives every event; deliveries/s is all deliveries over the time from
 * the first statement accepted to the last delivery received, and the same latency is reported per delivery.
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
    // Long enough for the JIT to settle: on two cores its compiler threads otherwise take a core in phase 1.
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
    int subscribers = Integer.parseInt(options.getOrDefault("subscribers", "100"));
    int fanoutStatements = Integer.parseInt(options.getOrDefault("fanout-statements", "300"));
    int learners = Integer.parseInt(options.getOrDefault("learners", "200"));
    Path data = Files.createTempDirectory("ahp-webhook-bench");
    Map<String, String> env = new HashMap<>();
    env.put("HUB_DATA_DIR", data.toString());
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
    System.out.printf("webhook benchmark: starting the hub in %s (%d cores, Java %s)%n", data,
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    Hub hub = Hub.start(HubConfig.fromEnv(env));
    Vertx vertx = Vertx.vertx();
    try {
      new WebhookBenchmark(vertx, hub).run(rate, seconds, warmup, subscribers, fanoutStatements, learners,
          options.getOrDefault("in-flight", "the default"));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      hub.close();
    }
  }

  private static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private void run(int rate, int seconds, int warmup, int subscribers, int fanoutStatements, int learners,
      String inFlight) throws Exception {
    pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(hub.postgresPort())
        .setDatabase("postgres").setUser("postgres")).using(vertx).build();
    new PgCredentialStore(vertx, pool).ensure("Benchmark Employer", "https://employer.example.nhs.uk", "bench-employer",
        "bench-employer-secret", Set.of("passport:subscribe", "person:link")).await(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    // The receiver stands for the employer's server: a verticle of its own, so it does not share an event
    // loop with the client that posts the statements.
    HttpServer[] receiver = new HttpServer[1];
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
          receive(request.path(), request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
              request.getHeader("webhook-signature"), body);
          request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").onSuccess(server -> receiver[0] = server);
      }
    }).await(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    receiverPort = receiver[0].actualPort();

    System.out.printf("setting up: %d learners employed by the benchmark employer, 1 subscription…%n", learners);
    List<JsonObject> agents = new ArrayList<>();
    for (int i = 0; i < learners; i++) {
      agents.add(new JsonObject().put("mbox", "mailto:webhook-bench-" + i + "@example.nhs.uk"));
      expect(201, call(HttpMethod.POST, hub.mapperPort(), "/relationships", new JsonObject().put("kind", "employment")
          .put("agent", agents.get(i)).put("startsAt", "2025-01-01"), true));
    }
    subscribe(1);

    System.out.printf("warming up (%d s at the rate, not counted)…%n", warmup);
    post(agents, rate, rate * warmup);
    awaitQuiet();
    reset();

    System.out.printf("phase 1: %,d statements/s for %d s, 1 subscription…%n", rate, seconds);
    long phase1Started = System.nanoTime();
    long phase1StartedWall = System.currentTimeMillis();
    int refused1 = post(agents, rate, rate * seconds);
    boolean complete1 = awaitEvery(1, 600);
    Report latency = report(phase1Started);
    Queue queue1 = queueSplit(phase1StartedWall);

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
