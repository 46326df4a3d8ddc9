package org.ahphub.bench;

import io.vertx.core.Future;
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
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 *     [--subscribers 100] [--fanout-statements 300] [--learners 200]
 * </pre>
 *
 * Phase 1 (latency): one subscription; statements at {@code --rate}/s for {@code --seconds}; latency is from
 * the LRS's 200 (the statement is committed) to the signed webhook carrying that statement's
 * {@code competency.credited}/{@code renewed} event being received, p50/p99/max.
 * Phase 2 (fan-out): {@code --subscribers} subscriptions in all; {@code --fanout-statements} statements at
 * the same rate; every subscription receives every event; deliveries/s is all deliveries over the time from
 * the first statement accepted to the last delivery received, and the same latency is reported per delivery.
 */
public final class WebhookBenchmark {

  private static final String COMPETENCIES = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/";
  private static final String[] ALIGNED = {"5.6", "4.4/intermediate", "2.2", "3.4", "6.1/entry", "8.4", "7.2/entry"};
  private static final String KEY = "bench";
  private static final String SECRET = "bench-secret";

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
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicLong badSignatures = new AtomicLong();
  private final AtomicLong lastDelivery = new AtomicLong();
  private final AtomicInteger rejected = new AtomicInteger();
  private int receiverPort;

  private WebhookBenchmark(Vertx vertx, Hub hub) {
    this.vertx = vertx;
    this.hub = hub;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(64));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
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
    System.out.printf("webhook benchmark: starting the hub in %s (%d cores, Java %s)%n", data,
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    Hub hub = Hub.start(HubConfig.fromEnv(env));
    Vertx vertx = Vertx.vertx();
    try {
      new WebhookBenchmark(vertx, hub).run(rate, seconds, subscribers, fanoutStatements, learners);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      hub.close();
    }
  }

  private static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private void run(int rate, int seconds, int subscribers, int fanoutStatements, int learners) throws Exception {
    Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(hub.postgresPort())
        .setDatabase("postgres").setUser("postgres")).using(vertx).build();
    new PgCredentialStore(vertx, pool).ensure("Benchmark Employer", "https://employer.example.nhs.uk", "bench-employer",
        "bench-employer-secret", Set.of("passport:subscribe", "person:link")).await();
    pool.close().await();
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      receive(request.path(), request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
          request.getHeader("webhook-signature"), body);
      request.response().setStatusCode(204).end();
    })).listen(0, "127.0.0.1").await();
    receiverPort = receiver.actualPort();

    List<JsonObject> agents = new ArrayList<>();
    for (int i = 0; i < learners; i++) {
      agents.add(new JsonObject().put("mbox", "mailto:webhook-bench-" + i + "@example.nhs.uk"));
      expect(201, call(HttpMethod.POST, hub.mapperPort(), "/relationships", new JsonObject().put("kind", "employment")
          .put("agent", agents.get(i)).put("startsAt", "2025-01-01")));
    }
    subscribe(1);

    System.out.println("warming up (3 s at the rate, not counted)…");
    post(agents, rate, rate * 3).await();
    awaitQuiet();
    reset();

    System.out.printf("phase 1: %,d statements/s for %d s, 1 subscription…%n", rate, seconds);
    long phase1Started = System.nanoTime();
    post(agents, rate, rate * seconds).await();
    boolean complete1 = awaitEvery(1, 600);
    Report latency = report(phase1Started);

    subscribe(subscribers - 1);
    awaitQuiet();
    reset();
    System.out.printf("phase 2: %,d statements at %,d/s, %d subscriptions…%n", fanoutStatements, rate, subscribers);
    long phase2Started = System.nanoTime();
    post(agents, rate, fanoutStatements).await();
    boolean complete2 = awaitEvery(subscribers, 600);
    Report fanout = report(phase2Started);

    String table = String.join("\n",
        "",
        "| measure | value |",
        "|---|---|",
        String.format("| phase 1: statements posted (1 subscription) | %,d at %,d/s (%,d refused) |",
            latency.statements, rate, rejected.get()),
        String.format("| accepted → signed webhook received, p50 | %d ms |", latency.p50 / 1_000_000),
        String.format("| p99 | %d ms |", latency.p99 / 1_000_000),
        String.format("| max | %d ms |", latency.max / 1_000_000),
        String.format("| every statement's webhook arrived | %s |", complete1 ? "yes" : "NO (timed out)"),
        String.format("| phase 2: statements posted (%d subscriptions) | %,d at %,d/s |", subscribers,
            fanout.statements, rate),
        String.format("| deliveries received | %,d |", fanout.deliveries),
        String.format("| delivery throughput | %,.0f deliveries/s |", fanout.deliveriesPerSecond),
        String.format("| accepted → webhook received (all deliveries), p50 / p99 | %d ms / %d ms |",
            fanout.p50 / 1_000_000, fanout.p99 / 1_000_000),
        String.format("| every subscription received every statement's event | %s |", complete2 ? "yes" : "NO (timed out)"),
        String.format("| invalid signatures | %d |", badSignatures.get()),
        String.format("| CPUs | %d |", Runtime.getRuntime().availableProcessors()),
        "");
    System.out.println(table);
  }

  private void receive(String path, String id, String timestamp, String signature, Buffer body) {
    long now = System.nanoTime();
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
    JsonObject data = new JsonObject(text).getJsonObject("data");
    String statementId = data == null ? null : data.getString("statementId");
    if (statementId != null) {
      receivedAt.computeIfAbsent(statementId, k -> Collections.synchronizedList(new ArrayList<>())).add(now);
    }
  }

  private void subscribe(int count) {
    for (int i = 0; i < count; i++) {
      String path = "/hooks/" + UUID.randomUUID();
      JsonObject created = expect(201, call(HttpMethod.POST, hub.mapperPort(), "/subscriptions", new JsonObject()
          .put("url", "http://127.0.0.1:" + receiverPort + path).put("description", "benchmark")));
      secrets.put(path, created.getString("secret"));
    }
  }

  /** Posts {@code total} statements at {@code rate}/s, each on its own request; completes when all are answered. */
  private Future<Void> post(List<JsonObject> agents, int rate, int total) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    long started = System.nanoTime();
    vertx.setPeriodic(0, 5, timer -> {
      long due = Math.min(total, (System.nanoTime() - started) * rate / 1_000_000_000L + 1);
      while (sent.get() < due) {
        int n = sent.getAndIncrement();
        JsonObject statement = statement(agents.get(n % agents.size()), n);
        String id = statement.getString("id");
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(hub.lrsPort())
                .setURI("/xapi/statements").putHeader("Authorization", authorization)
                .putHeader("X-Experience-API-Version", "1.0.3").putHeader("Content-Type", "application/json"))
            .compose(request -> request.send(statement.toBuffer()))
            .compose(response -> response.body().map(response))
            .onComplete(result -> {
              if (result.succeeded() && result.result().statusCode() == 200) {
                acceptedAt.put(id, System.nanoTime());
              } else {
                rejected.incrementAndGet();
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
    return done.future();
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

  /** Until no delivery has arrived for a second. */
  private void awaitQuiet() throws InterruptedException {
    do {
      Thread.sleep(1_000);
    } while (System.nanoTime() - lastDelivery.get() < 1_000_000_000L);
  }

  private void reset() {
    acceptedAt.clear();
    receivedAt.clear();
    deliveries.set(0);
    rejected.set(0);
  }

  private record Report(int statements, long deliveries, double deliveriesPerSecond, long p50, long p99, long max) {}

  private Report report(long phaseStarted) {
    List<Long> latencies = new ArrayList<>();
    acceptedAt.forEach((id, accepted) -> {
      List<Long> times = receivedAt.get(id);
      if (times != null) {
        synchronized (times) {
          times.forEach(t -> latencies.add(Math.max(0, t - accepted)));
        }
      }
    });
    Collections.sort(latencies);
    double seconds = (lastDelivery.get() - phaseStarted) / 1e9;
    return new Report(acceptedAt.size(), deliveries.get(), deliveries.get() / seconds, percentile(latencies, 50),
        percentile(latencies, 99), latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1));
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private record Answer(String path, int status, Buffer body) {}

  private Answer call(HttpMethod method, int port, String path, JsonObject body) {
    return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path)
            .putHeader("Authorization", employer).putHeader("Content-Type", "application/json"))
        .compose(request -> request.send(body.toBuffer()))
        .compose(response -> response.body().map(content -> new Answer(path, response.statusCode(), content)))
        .await();
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
