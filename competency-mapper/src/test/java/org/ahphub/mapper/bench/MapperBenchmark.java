package org.ahphub.mapper.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.CompetencyMapper;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.ahphub.xapi.Actors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Not a timed test: a benchmark, run on demand (it is not matched by the *Test / *IT patterns).
 *
 * <pre>
 * mvn -q -pl competency-mapper -am install -DskipTests
 * mvn -pl competency-mapper test -Dtest=MapperBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.statements=50000 -Dbench.rate=1000 -Dbench.seconds=10
 * </pre>
 *
 * Phase 1 (throughput): {@code bench.statements} statement events are put on {@code lrs.statements}
 * before the mapper starts; it then processes the backlog and the time until the last one is applied
 * gives statements/s, both from the mapper's start (migrations, joining the consumer group) and from the
 * first statement applied (statements applied after the first commit was seen, over the time since). Phase 2 (lag): statements are sent at {@code bench.rate} per second for
 * {@code bench.seconds}; lag is from the send to the passport event row being written (outbox
 * {@code created_at}), reported as p50/p99. Embedded PostgreSQL and Kafka in this JVM.
 */
class MapperBenchmark {

  private static final String COMPETENCIES = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/";
  private static final String[] ALIGNED = {"5.6", "4.4/intermediate", "2.2", "3.4", "6.1/entry", "8.4", "7.2/entry"};

  @Test
  void run() throws Exception {
    int total = Integer.getInteger("bench.statements", 20_000);
    int rate = Integer.getInteger("bench.rate", 1_000);
    int seconds = Integer.getInteger("bench.seconds", 10);
    TestInfrastructure infrastructure = TestInfrastructure.get();
    PostgresCoordinates db = infrastructure.freshDatabase();
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", db.host());
    env.put("PGPORT", String.valueOf(db.port()));
    env.put("PGDATABASE", db.database());
    env.put("PGUSER", db.user());
    env.put("PGPASSWORD", db.password());
    env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
    env.put("MAPPER_HTTP_PORT", "0");
    env.put("MAPPER_CONSUMER_GROUP", "bench-" + UUID.randomUUID());
    Map<String, Object> producerConfig = new HashMap<>(Map.of(
        "bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "linger.ms", "5", "batch.size", "262144"));
    Vertx vertx = Vertx.vertx();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
      // Topics exist once a mapper has started: start and stop one to create them, then load the backlog.
      CompetencyMapper.start(vertx, MapperConfig.fromEnv(env)).compose(CompetencyMapper::stop).await();
      int learners = Math.max(1, total / 20);
      for (int i = 0; i < total; i++) {
        send(producer, "mailto:bench-" + (i % learners) + "@example.nhs.uk", i);
      }
      producer.flush();

      long started = System.nanoTime();
      CompetencyMapper mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(env)).await();
      long firstCount = waitForProcessed(mapper, 1);
      long firstApplied = System.nanoTime();
      long processed = waitForProcessed(mapper, total);
      double throughputSeconds = (System.nanoTime() - started) / 1e9;
      double drainSeconds = (System.nanoTime() - firstApplied) / 1e9;

      // Phase 2: a steady rate, measuring lag per statement.
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      long phaseStart = System.nanoTime();
      int sent = 0;
      for (int second = 0; second < seconds; second++) {
        for (int k = 0; k < rate; k++) {
          long due = phaseStart + (long) ((second + k / (double) rate) * 1e9);
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
          String id = send(producer, "mailto:lag-" + (sent % 500) + "@example.nhs.uk", sent);
          Instant now = Instant.now();
          sentAt.put(id, now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
          sent++;
        }
      }
      producer.flush();
      waitForProcessed(mapper, processed + sent);
      List<Long> lags = lags(mapper, sentAt);
      Collections.sort(lags);
      String table = String.join("\n",
          "",
          "| measure | value |",
          "|---|---|",
          String.format("| backlog statements processed | %,d |", total),
          String.format("| throughput (backlog, from mapper start) | %,.0f statements/s |", total / throughputSeconds),
          String.format("| throughput (backlog, from first statement applied) | %,.0f statements/s |",
              (total - firstCount) / drainSeconds),
          String.format("| steady rate offered | %,d statements/s for %d s |", rate, seconds),
          String.format("| lag p50 (send -> passport event row) | %d ms |", percentile(lags, 50) / 1000),
          String.format("| lag p99 | %d ms |", percentile(lags, 99) / 1000),
          String.format("| lag max | %d ms |", lags.isEmpty() ? 0 : lags.get(lags.size() - 1) / 1000),
          String.format("| CPUs | %d |", Runtime.getRuntime().availableProcessors()),
          "");
      System.out.println(table);
      mapper.stop().await();
    } finally {
      vertx.close().await();
    }
  }

  private static String send(KafkaProducer<String, String> producer, String mbox, int n) {
    String id = UUID.randomUUID().toString();
    JsonObject statement = new JsonObject()
        .put("id", id)
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://learning.example.org/course/" + (n % 97)))
        .put("context", new JsonObject().put("contextActivities", new JsonObject().put("category",
            new JsonArray().add(new JsonObject().put("id", COMPETENCIES + ALIGNED[n % ALIGNED.length])))))
        .put("timestamp", Instant.now().toString())
        .put("stored", Instant.now().toString())
        .put("authority", new JsonObject().put("objectType", "Agent").put("name", "Bench Trust")
            .put("account", new JsonObject().put("homePage", "https://bench.example").put("name", "k")));
    String learner = Actors.learnerKey(statement);
    CloudEvent event = new CloudEvent(id, "/xapi/statements", EventTypes.STATEMENT_STORED, learner, Instant.now(), statement);
    producer.send(new ProducerRecord<>(Topics.LRS_STATEMENTS, learner, event.toJson().encode()));
    return id;
  }

  private static long waitForProcessed(CompetencyMapper mapper, long expected) throws InterruptedException {
    while (true) {
      long count = mapper.pool().query("SELECT count(*) AS n FROM mapper.processed_event").execute().await()
          .iterator().next().getLong("n");
      if (count >= expected) {
        return count;
      }
      Thread.sleep(100);
    }
  }

  /** Microseconds from send to the first passport event row of each statement. */
  private static List<Long> lags(CompetencyMapper mapper, Map<String, Long> sentAt) {
    List<Long> lags = new ArrayList<>();
    var rows = mapper.pool().preparedQuery("SELECT event->'data'->>'statementId' AS id, min(created_at) AS at "
        + "FROM mapper.outbox WHERE event->'data'->>'statementId' = ANY($1) GROUP BY 1")
        .execute(Tuple.of(sentAt.keySet().toArray(new String[0]))).await();
    for (Row row : rows) {
      OffsetDateTime at = row.getOffsetDateTime("at");
      long micros = at.toEpochSecond() * 1_000_000 + at.getNano() / 1000;
      lags.add(Math.max(0, micros - sentAt.get(row.getString("id"))));
    }
    return lags;
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
