package org.ahphub.hub.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ahphub.embedded.EmbeddedKafkaBroker;
import org.ahphub.embedded.EmbeddedPostgresServer;
import org.ahphub.embedded.ScratchDirectory;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.mapper.messages.StatementKey;
import org.ahphub.mapper.replay.Replay;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's scale-out test: one PostgreSQL, one Kafka broker, two LRS processes, two mapper processes (each
 * also a webhook dispatcher), all started from the packaged jar as an operator starts them. Statements go
 * through both LRS processes; mid-load one LRS and then one mapper are killed with {@code kill -9}, and a third
 * mapper joins the consumer group while the survivor works through the backlog. Then every
 * acknowledged statement is stored once, every stored statement is processed, the passports equal a
 * single-process replay of the log, and every webhook queued arrives at the subscriber (by its id).
 */
class ScaleOutIT {

  private static final String OPERATOR = "ops";
  private static final String OPERATOR_SECRET = "ops-secret-" + UUID.randomUUID();
  private static final int LEARNERS = 40;
  private static final int STATEMENTS = 1_600;
  private static final int WATCHED = 4;
  private static final List<String> COMPETENCIES = List.of("5.6", "4.1", "2.3", "1.1", "6.2");
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static ScratchDirectory data;
  private static EmbeddedPostgresServer postgres;
  private static EmbeddedKafkaBroker kafka;
  private static String keyEncryptionKey;
  private static final List<ServiceProcess> services = new ArrayList<>();
  private static ServiceProcess lrs1;
  private static ServiceProcess lrs2;
  private static ServiceProcess mapper1;
  private static ServiceProcess mapper2;
  private static volatile ServiceProcess mapper3;
  private static Vertx vertx;
  private static HttpServer receiver;
  private static final Map<String, Integer> WEBHOOK_IDS = new ConcurrentHashMap<>();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @BeforeAll
  static void start() throws Exception {
    data = ScratchDirectory.create("hub-scale-");
    postgres = EmbeddedPostgresServer.start(data.path().resolve("postgres"), 0, false);
    kafka = EmbeddedKafkaBroker.start(data.path().resolve("kafka"), 0, 0);
    byte[] kek = new byte[32];
    new SecureRandom().nextBytes(kek);
    keyEncryptionKey = Base64.getEncoder().encodeToString(kek);
    vertx = Vertx.vertx();
    receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      WEBHOOK_IDS.merge(request.getHeader("webhook-id"), 1, Integer::sum);
      request.response().setStatusCode(204).end();
    })).listen(0, "127.0.0.1").await();

    ServiceProcess.run("migrate", "org.ahphub.hub.MigrateMain", base(), data.path());
    lrs1 = lrs("lrs-1");
    lrs2 = lrs("lrs-2");
    mapper1 = mapper("mapper-1");
    mapper2 = mapper("mapper-2");
    for (ServiceProcess service : services) {
      service.awaitReady(Duration.ofMinutes(3));
    }
  }

  @AfterAll
  static void stop() {
    services.forEach(ServiceProcess::close);
    if (vertx != null) {
      vertx.close().await();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (data != null) {
      data.close();
    }
  }

  private interface Settings {
    Map<String, String> of(String port);
  }

  /** An LRS process in the shared identity consumer group. */
  private static ServiceProcess lrs(String name) throws IOException {
    return service(name, "org.ahphub.lrs.LrsMain", port -> Map.of("LRS_HTTP_PORT", port,
        "LRS_PUBLIC_URL", "http://127.0.0.1:" + port, "LRS_IDENTITY_CONSUMER_GROUP", "lrs-server",
        "LRS_HTTP_INSTANCES", "1"));
  }

  /** A mapper process in the shared consumer group, also dispatching webhooks. */
  private static ServiceProcess mapper(String name) throws IOException {
    return service(name, "org.ahphub.mapper.MapperMain", port -> Map.of("MAPPER_HTTP_PORT", port,
        "MAPPER_CONSUMER_GROUP", "competency-mapper", "HUB_PUBLIC_URL", "http://127.0.0.1:" + port,
        "WEBHOOK_DISPATCH", "true"));
  }

  private static ServiceProcess service(String name, String main, Settings settings) throws IOException {
    int port = ServiceProcess.freePort();
    Map<String, String> env = base();
    env.putAll(settings.of(String.valueOf(port)));
    ServiceProcess service = ServiceProcess.start(name, main, port, env, data.path());
    services.add(service);
    return service;
  }

  /** What every service gets: the shared database, broker and keys, as docker-compose.yml gives them. */
  private static Map<String, String> base() {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", String.valueOf(postgres.port()));
    env.put("PGDATABASE", EmbeddedPostgresServer.DATABASE);
    env.put("PGUSER", EmbeddedPostgresServer.USER);
    env.put("PGPASSWORD", "");
    env.put("PGSSLMODE", "disable");
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("KAFKA_TOPIC_REPLICATION_FACTOR", "1");
    env.put("KAFKA_TOPIC_MIN_INSYNC_REPLICAS", "1");
    // a killed consumer's partitions move on after 6 s (the broker's minimum) rather than the default 45 s
    env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1500");
    env.put("HUB_KEY_ENCRYPTION_KEY", keyEncryptionKey);
    env.put("HUB_RUN_MIGRATIONS", "false");
    env.put("HUB_DEV_MODE", "true");
    env.put("HUB_BOOTSTRAP_CREDENTIAL", OPERATOR + ":" + OPERATOR_SECRET);
    return env;
  }

  @Test
  @DisplayName("two LRS and two mappers, one of each killed mid-load and a mapper joining: nothing acknowledged lost or doubled, passports as a replay, every webhook")
  void scaleOutAndFailOver() throws Exception {
    // an organisation, four learners who accept its employment, its webhook subscription
    JsonObject organisation = mapper(mapper2, "POST", "/admin/organisations", OPERATOR, OPERATOR_SECRET,
        new JsonObject().put("name", "Scale Trust " + RUN).put("homePage", "https://scale-" + RUN + ".example.nhs.uk"), 201);
    JsonObject credential = mapper(mapper2, "POST", "/admin/organisations/" + organisation.getString("id") + "/credentials",
        OPERATOR, OPERATOR_SECRET, new JsonObject().put("scopes", new JsonArray(List.of("statements/write",
            "statements/read", "passport:read", "passport:subscribe", "person:link"))), 201);
    String key = credential.getString("key");
    String secret = credential.getString("secret");
    UUID organisationId = UUID.fromString(organisation.getString("id"));
    for (int learner = 0; learner < WATCHED; learner++) {
      assertThat(lrs2.postStatement(key, secret, statement(learner, -1 - learner))).isEqualTo(200);
    }
    for (int learner = 0; learner < WATCHED; learner++) {
      String person = awaitPerson(learner);
      String token = mapper(mapper2, "POST", "/admin/persons/" + person + "/learner-tokens", OPERATOR, OPERATOR_SECRET,
          new JsonObject(), 201).getString("token");
      String relationship = mapper(mapper1, "POST", "/relationships", key, secret,
          new JsonObject().put("kind", "employment").put("personId", person), 201).getString("id");
      bearer(mapper1, "/me/relationships/" + relationship + "/accept", token);
    }
    mapper(mapper1, "POST", "/subscriptions", key, secret,
        new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hooks"), 201);

    // the load, through both LRS processes; lrs-1 killed after a third, mapper-1 after a half
    Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger failedOver = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    long started = System.nanoTime();
    for (int i = 0; i < STATEMENTS; i++) {
      int n = i;
      clients.submit(() -> {
        JsonObject statement = statement(n % LEARNERS, n);
        List<ServiceProcess> order = n % 2 == 0 ? List.of(lrs1, lrs2) : List.of(lrs2, lrs1);
        for (int attempt = 0; attempt < 6; attempt++) {
          ServiceProcess lrs = order.get(attempt % 2);
          try {
            if (lrs.postStatement(key, secret, statement) == 200) {
              acknowledged.add(UUID.fromString(statement.getString("id")));
              break;
            }
          } catch (IOException refused) {
            failedOver.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        int done = acknowledged.size();
        try {
          if (done == STATEMENTS / 3 && lrs1.alive()) {
            lrs1.kill();
          } else if (done == STATEMENTS / 2 && mapper1.alive()) {
            mapper1.kill();
            // and a new mapper joins the group while the survivor works through the backlog
            mapper3 = mapper("mapper-3");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    clients.shutdown();
    assertThat(clients.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(lrs1.alive()).as("lrs-1 was killed mid-load").isFalse();
    assertThat(mapper1.alive()).as("mapper-1 was killed mid-load").isFalse();
    assertThat(acknowledged).as("every statement acknowledged by one LRS or the other").hasSize(STATEMENTS);
    assertThat(mapper3).as("a mapper joined mid-load").isNotNull();
    mapper3.awaitReady(Duration.ofMinutes(3));

    try (Connection sql = DriverManager.getConnection(postgres.jdbcUrl(EmbeddedPostgresServer.DATABASE),
        EmbeddedPostgresServer.USER, "")) {
      // every acknowledged statement stored once
      Map<UUID, Integer> stored = new HashMap<>();
      try (ResultSet rows = sql.createStatement().executeQuery("SELECT id, count(*) FROM lrs.statement WHERE "
          + "authority_org = '" + organisationId + "' GROUP BY id")) {
        while (rows.next()) {
          stored.put(rows.getObject(1, UUID.class), rows.getInt(2));
        }
      }
      assertThat(stored.keySet()).containsAll(acknowledged);
      assertThat(stored.values()).allMatch(count -> count == 1);

      // every stored statement processed (once: the processing mark is unique)
      Set<UUID> keys = new HashSet<>();
      stored.keySet().forEach(id -> keys.add(StatementKey.of(organisationId, id)));
      Eventually.await("the surviving mapper to process every stored statement", Duration.ofMinutes(3),
          Duration.ofMillis(500), () -> missing(sql, keys), Set::isEmpty);

      // every webhook queued arrives, by id
      Set<String> queued = Eventually.await("every webhook delivered", Duration.ofMinutes(3), Duration.ofMillis(500),
          () -> deliveries(sql), all -> !all.isEmpty() && all.values().stream().allMatch("delivered"::equals)).keySet();
      assertThat(WEBHOOK_IDS.keySet()).containsAll(queued);
      long repeated = WEBHOOK_IDS.values().stream().filter(count -> count > 1).count();

      // the passports equal a single-process replay of the log
      sql.createStatement().execute("CREATE DATABASE replay_" + RUN);
      DatabaseConfig live = new DatabaseConfig("127.0.0.1", postgres.port(), EmbeddedPostgresServer.DATABASE,
          EmbeddedPostgresServer.USER, "", 4);
      Replay.Report report = Replay.run(vertx, live, live.withDatabase("replay_" + RUN),
          KafkaSettings.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()))), Clock.systemUTC(),
          MapperConfig.fromEnv(Map.of()).fireSafetyRenewal(), SecretBox.fromConfig(keyEncryptionKey));
      System.out.printf("SCALE-OUT: %d statements through 2 LRS in %.1f s (%d requests failed over), %d webhooks "
          + "(%d delivered twice, by a killed dispatcher), replay %s%n%s%n", STATEMENTS, seconds, failedOver.get(),
          queued.size(), repeated, report.equal() ? "EQUAL" : "DIFFERENT", report.describe());
      assertThat(report.replayed()).isGreaterThanOrEqualTo(STATEMENTS);
      assertThat(report.onlyLive()).isEmpty();
      assertThat(report.onlyRebuilt()).isEmpty();
    }
  }

  private static Set<UUID> missing(Connection sql, Set<UUID> keys) throws Exception {
    Set<UUID> missing = new HashSet<>(keys);
    try (ResultSet rows = sql.createStatement().executeQuery("SELECT event_id FROM mapper.processed_event")) {
      while (rows.next()) {
        missing.remove(rows.getObject(1, UUID.class));
      }
    }
    return missing;
  }

  private static Map<String, String> deliveries(Connection sql) throws Exception {
    Map<String, String> status = new HashMap<>();
    try (ResultSet rows = sql.createStatement().executeQuery("SELECT event_id, status FROM mapper.webhook_delivery")) {
      while (rows.next()) {
        status.put(rows.getString(1), rows.getString(2));
      }
    }
    return status;
  }

  private static JsonObject statement(int learner, int n) {
    String competency = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/"
        + COMPETENCIES.get(Math.floorMod(n, COMPETENCIES.size()));
    return new JsonObject().put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", "mailto:scale-" + learner + "-" + RUN + "@example.nhs.uk"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://learning.example.nhs.uk/scale/" + n))
        .put("context", new JsonObject().put("contextActivities", new JsonObject()
            .put("category", new JsonArray().add(new JsonObject().put("id", competency)))));
  }

  private static String awaitPerson(int learner) throws InterruptedException {
    String agent = new JsonObject().put("mbox", "mailto:scale-" + learner + "-" + RUN + "@example.nhs.uk").encode();
    return Eventually.await("learner " + learner + " credited", Duration.ofMinutes(2), Duration.ofMillis(300), () -> {
      HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mapper2.port
              + "/persons?agent=" + java.net.URLEncoder.encode(agent, StandardCharsets.UTF_8)))
          .header("Authorization", ServiceProcess.basic(OPERATOR, OPERATOR_SECRET)).build(), HttpResponse.BodyHandlers.ofString());
      return found.statusCode() == 200 ? new JsonObject(found.body()).getString("personId") : null;
    }, java.util.Objects::nonNull);
  }

  private static JsonObject mapper(ServiceProcess mapper, String method, String path, String key, String secret,
      JsonObject body, int expected) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mapper.port + path))
        .header("Authorization", ServiceProcess.basic(key, secret)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
    return new JsonObject(response.body());
  }

  private static void bearer(ServiceProcess mapper, String path, String token) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mapper.port + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isEqualTo(200);
  }
}
