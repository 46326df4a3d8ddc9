package org.ahphub.mapper.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.CompetencyMapper;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.ahphub.xapi.Actors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Not a timed test: a benchmark, run on demand (it is not matched by the *Test / *IT patterns).
 *
 * <pre>
 * mvn -q -pl competency-mapper -am install -DskipTests
 * mvn -pl competency-mapper test -Dtest=MapperBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.statements=1000000 -Dbench.rate=1000 -Dbench.seconds=10
 * </pre>
 *
 * Phase 1 (throughput): {@code bench.statements} statement events are put on {@code lrs.statements}
 * before the mapper starts; it then drains the backlog. Progress is read from the consumer group's
 * committed offsets (committed only after a poll's transaction), so measuring costs the database nothing.
 * The steady rate is counted from the first committed poll to the last, leaving out start-up
 * (migrations, joining the group); the rate from the mapper's start is printed too, and a progress line
 * every 10 s shows whether the rate holds as history grows. Phase 2 (lag): statements are sent at
 * {@code bench.rate} per second for {@code bench.seconds}; lag is from the send to the passport event
 * row being written (outbox {@code created_at}), reported as p50/p99. Embedded PostgreSQL and Kafka in
 * this JVM; the load average is printed with each figure because the machine may be shared, and so is the
 * CPU time per statement of this JVM (by thread) and of PostgreSQL, which depends far less on what else runs.
 * {@code -Dbench.relay=false} and {@code -Dbench.webhooks=false} leave out the {@code passport.updates}
 * relay and the webhook consumer, which otherwise run in the same process.
 */
class MapperBenchmark {

  private static final String COMPETENCIES = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/";
  private static final String[] ALIGNED = {"5.6", "4.4/intermediate", "2.2", "3.4", "6.1/entry", "8.4", "7.2/entry"};
  private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

  @Test
  void run() throws Exception {
    int total = Integer.getInteger("bench.statements", 20_000);
    int rate = Integer.getInteger("bench.rate", 1_000);
    int seconds = Integer.getInteger("bench.seconds", 10);
    TestInfrastructure infrastructure = TestInfrastructure.get();
    PostgresCoordinates db = infrastructure.freshDatabase();
    String group = "bench-" + UUID.randomUUID();
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", db.host());
    env.put("PGPORT", String.valueOf(db.port()));
    env.put("PGDATABASE", db.database());
    env.put("PGUSER", db.user());
    env.put("PGPASSWORD", db.password());
    env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
    env.put("MAPPER_HTTP_PORT", "0");
    env.put("MAPPER_CONSUMER_GROUP", group);
    // Both run in the mapper's process by default and share its CPU; switch them off to see the mapper alone.
    env.put("MAPPER_OUTBOX_RELAY", System.getProperty("bench.relay", "true"));
    env.put("WEBHOOK_DISPATCH", System.getProperty("bench.webhooks", "true"));
    Map<String, Object> producerConfig = new HashMap<>(Map.of(
        "bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "linger.ms", "5", "batch.size", "262144"));
    Vertx vertx = Vertx.vertx();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig);
        Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
      // Topics exist once a mapper has started: start and stop one to create them, then load the backlog.
      CompetencyMapper.start(vertx, MapperConfig.fromEnv(env)).compose(CompetencyMapper::stop).await();
      int learners = Math.max(1, total / 20);
      for (int i = 0; i < total; i++) {
        send(producer, "mailto:bench-" + (i % learners) + "@example.nhs.uk", i);
      }
      producer.flush();
      System.out.printf("backlog of %,d statements loaded%n", total);

      double loadBefore = load();
      long started = System.nanoTime();
      CompetencyMapper mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(env)).await();
      long firstCount = waitForCommitted(admin, group, 1, false);
      long firstApplied = System.nanoTime();
      double[] cpuBefore = {jvmCpuSeconds(), postgresCpuSeconds(db.port())};
      Map<String, Long> threadsBefore = threadCpuNanos();
      long processed = waitForCommitted(admin, group, total, true);
      long finished = System.nanoTime();
      double[] cpuAfter = {jvmCpuSeconds(), postgresCpuSeconds(db.port())};
      Map<String, Long> threadsAfter = threadCpuNanos();
      double loadAfter = load();
      double throughputSeconds = (finished - started) / 1e9;
      double drainSeconds = (finished - firstApplied) / 1e9;

      // Phase 2: a steady rate, measuring lag per statement.
      long outboxBefore = mapper.pool().query("SELECT coalesce(max(seq), 0) AS seq FROM mapper.outbox").execute().await()
          .iterator().next().getLong("seq");
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      long phaseStart = System.nanoTime();
      int sent = 0;
      for (int second = 0; second < seconds; second++) {
        for (int k = 0; k < rate; k++) {
          long due = phaseStart + (long) ((second + k / (double) rate) * 1e9);
          // Parked, not spinning: a spinning sender would take a core from the mapper it measures.
          for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
          String id = send(producer, "mailto:lag-" + (sent % 500) + "@example.nhs.uk", sent);
          Instant now = Instant.now();
          sentAt.put(id, now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
          sent++;
        }
      }
      producer.flush();
      waitForCommitted(admin, group, processed + sent, false);
      double loadLag = load();
      List<Long> lags = lags(mapper, sentAt, outboxBefore);
      Collections.sort(lags);
      long drained = total - firstCount;
      double jvmMicros = (cpuAfter[0] - cpuBefore[0]) * 1e6 / drained;
      double postgresMicros = cpuBefore[1] < 0 ? Double.NaN : (cpuAfter[1] - cpuBefore[1]) * 1e6 / drained;
      String table = String.join("\n",
          "",
          "| measure | value |",
          "|---|---|",
          String.format("| backlog statements processed | %,d |", total),
          String.format("| start-up (mapper start to first committed poll) | %.1f s |", (firstApplied - started) / 1e9),
          String.format("| backlog rate after start-up (first committed poll to last, %,d statements in %.1f s) | %,.0f statements/s |",
              total - firstCount, drainSeconds, (total - firstCount) / drainSeconds),
          String.format("| backlog rate including start-up | %,.0f statements/s |", total / throughputSeconds),
          String.format("| load average (1 min) before / after the backlog | %.1f / %.1f |", loadBefore, loadAfter),
          String.format("| CPU per statement after start-up: this JVM (mapper, broker, relay) / PostgreSQL | %.0f / %.0f µs |",
              jvmMicros, postgresMicros),
          String.format("| statements per CPU-second (this JVM and PostgreSQL) | %,.0f |", 1e6 / (jvmMicros + postgresMicros)),
          String.format("| steady rate offered | %,d statements/s for %d s |", rate, seconds),
          String.format("| lag p50 (send -> passport event row) | %d ms |", percentile(lags, 50) / 1000),
          String.format("| lag p99 | %d ms |", percentile(lags, 99) / 1000),
          String.format("| lag max | %d ms |", lags.isEmpty() ? 0 : lags.get(lags.size() - 1) / 1000),
          String.format("| load average (1 min) after the steady phase | %.1f |", loadLag),
          String.format("| CPUs | %d |", Runtime.getRuntime().availableProcessors()),
          String.format("| outbox relay / webhook consumer in the process | %s / %s |", env.get("MAPPER_OUTBOX_RELAY"),
              env.get("WEBHOOK_DISPATCH")),
          "");
      System.out.println(table);
      System.out.println(threadReport(threadsBefore, threadsAfter, total - firstCount,
          (cpuAfter[0] - cpuBefore[0]) * 1e9));
      mapper.stop().await();
    } finally {
      vertx.close().await();
    }
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** CPU nanoseconds of live threads by name; threads of one kind (the broker's handlers, workers) summed. */
  private static Map<String, Long> threadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
      if (nanos > 0) {
        String name = info.getThreadName();
        // Event loops stay apart (each runs different verticles); pools of like threads are summed.
        String kind = name.startsWith("vert.x-eventloop") ? name : name.replaceAll("\\d+", "N");
        cpu.merge(kind, nanos, Long::sum);
      }
    }
    // The JVM's own threads (garbage collector, JIT compilers) are not Java threads: read them from /proc.
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("C1 Compiler")
              || name.startsWith("C2 Compiler") || name.equals("VM Thread")) {
            String stat = Files.readString(task.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            cpu.merge("[jvm] " + name.replaceAll("#\\d+$", "#N"), ticks * 10_000_000L, Long::sum);
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended while we looked
        }
      }
    } catch (IOException notLinux) {
      // no per-thread figures for the JVM's own threads
    }
    return cpu;
  }

  /** Where this JVM's CPU went while draining the backlog: the busiest threads, and the rest (GC, JIT). */
  private static String threadReport(Map<String, Long> before, Map<String, Long> after, long statements,
      double processNanos) {
    StringBuilder report = new StringBuilder("JVM CPU per statement while draining, by thread:\n");
    long named = 0;
    List<Map.Entry<String, Long>> used = new ArrayList<>();
    for (Map.Entry<String, Long> entry : after.entrySet()) {
      long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
      named += delta;
      used.add(Map.entry(entry.getKey(), delta));
    }
    used.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    used.stream().limit(16).forEach(entry -> report.append(String.format("  %6.1f µs  %s%n",
        entry.getValue() / 1e3 / statements, entry.getKey())));
    report.append(String.format("  %6.1f µs  other (threads that ended, rounding)%n",
        (processNanos - named) / 1e3 / statements));
    return report.toString();
  }

  /** CPU time of this JVM: the mapper, the embedded broker, the relay and the producer (idle while draining). */
  private static double jvmCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  /**
   * CPU time of the embedded PostgreSQL listening on {@code port}: its postmaster, the processes it runs and
   * those that ended (Linux {@code /proc}, 100 ticks a second); -1 where that cannot be read. On a shared
   * machine CPU time per statement says more than wall time, which depends on what else runs.
   */
  private static double postgresCpuSeconds(int port) {
    try (var processes = Files.list(Path.of("/proc"))) {
      Map<Long, long[]> stats = new HashMap<>(); // pid -> {ppid, utime + stime, cutime + cstime}
      long postmaster = -1;
      for (Path dir : processes.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        try {
          String stat = Files.readString(dir.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long pid = Long.parseLong(dir.getFileName().toString());
          stats.put(pid, new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
              Long.parseLong(fields[13]) + Long.parseLong(fields[14])});
          String[] args = Files.readString(dir.resolve("cmdline")).split("\0");
          for (int i = 0; i + 1 < args.length; i++) {
            if (args[0].endsWith("/postgres") && args[i].equals("-p") && args[i + 1].equals(String.valueOf(port))) {
              postmaster = pid;
            }
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
      if (postmaster < 0) {
        return -1;
      }
      long ticks = stats.get(postmaster)[1] + stats.get(postmaster)[2];
      for (long[] stat : stats.values()) {
        if (stat[0] == postmaster) {
          ticks += stat[1];
        }
      }
      return ticks / 100.0;
    } catch (IOException e) {
      return -1;
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

  /**
   * Waits until the group has committed at least {@code expected} offsets on {@code lrs.statements} (one per
   * statement: offsets are committed after the poll's transaction), printing the rate every 10 s if asked.
   */
  private static long waitForCommitted(Admin admin, String group, long expected, boolean progress) throws Exception {
    long lastAt = System.nanoTime();
    long lastCount = committed(admin, group);
    while (true) {
      long count = committed(admin, group);
      if (count >= expected) {
        return count;
      }
      long now = System.nanoTime();
      if (progress && now - lastAt >= PROGRESS_EVERY_NANOS) {
        System.out.printf("progress: %,d applied, %,.0f statements/s over the last %.0f s, load %.1f%n", count,
            (count - lastCount) / ((now - lastAt) / 1e9), (now - lastAt) / 1e9, load());
        lastAt = now;
        lastCount = count;
      }
      Thread.sleep(50);
    }
  }

  private static long committed(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get();
    long sum = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
      if (entry.getKey().topic().equals(Topics.LRS_STATEMENTS) && entry.getValue() != null) {
        sum += entry.getValue().offset();
      }
    }
    return sum;
  }

  /** Microseconds from send to the first passport event row of each statement (rows after {@code afterSeq}). */
  private static List<Long> lags(CompetencyMapper mapper, Map<String, Long> sentAt, long afterSeq) {
    List<Long> lags = new ArrayList<>();
    var rows = mapper.pool().preparedQuery("SELECT event->'data'->>'statementId' AS id, min(created_at) AS at "
        + "FROM mapper.outbox WHERE seq > $2 AND event->'data'->>'statementId' = ANY($1) GROUP BY 1")
        .execute(Tuple.of(sentAt.keySet().toArray(new String[0]), afterSeq)).await();
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
