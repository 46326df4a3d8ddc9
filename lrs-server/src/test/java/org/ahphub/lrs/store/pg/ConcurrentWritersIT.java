package org.ahphub.lrs.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ahphub.events.Topics;
import org.ahphub.lrs.events.StatementRelayVerticle;
import org.ahphub.lrs.it.TestLrs;
import org.ahphub.lrs.service.StatementService;
import org.ahphub.lrs.store.StatementQuery;
import org.ahphub.lrs.store.StatementStore.StatementPage;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.platform.privacy.SubjectKeys;
import org.ahphub.xapi.XapiVersion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Many writers (as many LRS processes would, each with its own pool and writer; half of them with three
 * transactions open at once and three clients) store statements without any
 * global lock, each transaction held open for a random time before it commits (some roll back), while pagers
 * page through the statements and two relays (two processes' worth) publish them. A model built afterwards from
 * the final table checks every page, every `more` traversal, every Consistent-Through and the topic.
 */
@DisplayName("Concurrent statement writers: pages, more links, Consistent-Through and the relay follow commit order without a write lock")
class ConcurrentWritersIT {

  private static final int WRITERS = 8;
  private static final int REQUESTS_PER_WRITER = 30;
  /** Writers with an odd number keep this many transactions open at once, fed by as many clients. */
  private static final int TRANSACTIONS_AT_ONCE = 3;
  private static final int LEARNERS = 6;
  private static final int PAGE = 7;
  private static final double MAX_COMMIT_DELAY_SECONDS = 0.025;
  private static final double ROLLBACK_SHARE = 0.08;

  private static TestLrs lrs;
  private static final UUID ORGANISATION = UUID.randomUUID();
  private static final Principal WRITER = new Principal("concurrency-key", ORGANISATION, "Concurrency Trust",
      "https://concurrency.example.org", Set.of("all"));

  @BeforeAll
  static void start() {
    lrs = TestLrs.start();
  }

  @AfterAll
  static void stop() {
    if (lrs != null) {
      lrs.close();
    }
  }

  /** What one traversal of `more` links returned, in order. */
  private record Traversal(boolean ascending, List<String> ids) {}

  /** One single-page read of everything: its Consistent-Through and what it returned. */
  private record Snapshot(Instant consistentThrough, Set<String> ids) {}

  @Test
  @DisplayName("paging never skips or repeats a statement, Consistent-Through is honest, stored never decreases in seq order, and the relay publishes each statement exactly once in per-learner seq order")
  void concurrentWritersKeepReadersInCommitOrder() throws Exception {
    Vertx vertx = lrs.vertx();
    List<Pool> pools = new ArrayList<>();
    List<String> learners = new ArrayList<>();
    for (int i = 0; i < LEARNERS; i++) {
      learners.add(TestLrs.uniqueMbox());
    }
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger rolledBack = new AtomicInteger();

    // A second relay, as a second LRS process runs one: one of the two publishes at a time.
    Pool relayPool = pool(vertx, pools, "relay-2");
    String relay = TestLrs.await(vertx.deployVerticle(new StatementRelayVerticle(relayPool,
        new KafkaSettings(lrs.kafkaBootstrapServers(), 2), StatementRelayVerticle.Settings.defaults(),
        new SubjectKeys(relayPool, SecretBox.fromConfig(null)))));

    try {
      PgStatementStore readStore = new PgStatementStore(vertx, pool(vertx, pools, "pagers"), 1, () -> { });
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Traversal> traversals = Collections.synchronizedList(new ArrayList<>());
      List<Snapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
      List<Future<Void>> readers = List.of(
          traverseWhile(readStore, true, writing, traversals),
          traverseWhile(readStore, false, writing, traversals),
          snapshotWhile(readStore, writing, snapshots));

      List<Future<Void>> writers = new ArrayList<>();
      int[] transactionsAllowed = new int[WRITERS];
      AtomicInteger[] mostOpen = new AtomicInteger[WRITERS];
      for (int w = 0; w < WRITERS; w++) {
        Pool pool = pool(vertx, pools, "writer-" + w);
        int transactions = w % 2 == 1 ? TRANSACTIONS_AT_ONCE : 1;
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        transactionsAllowed[w] = transactions;
        mostOpen[w] = most;
        StatementWriter writer = new StatementWriter(vertx, pool, transactions,
            () -> vertx.eventBus().publish(StatementRelayVerticle.WAKE_UP, null),
            connection -> {
              ThreadLocalRandom random = ThreadLocalRandom.current();
              if (random.nextDouble() < ROLLBACK_SHARE) {
                rolledBack.incrementAndGet();
                return Future.failedFuture(new IllegalStateException("rolled back by the test"));
              }
              most.accumulateAndGet(open.incrementAndGet(), Math::max);
              return connection.preparedQuery("SELECT pg_sleep($1)")
                  .execute(Tuple.of(random.nextDouble() * MAX_COMMIT_DELAY_SECONDS))
                  .onComplete(slept -> open.decrementAndGet()).mapEmpty();
            });
        StatementService service = new StatementService(new PgStatementStore(pool, writer));
        for (int client = 0; client < transactions; client++) {
          writers.add(write(service, learners, REQUESTS_PER_WRITER / transactions, acknowledged));
        }
      }
      TestLrs.await(Future.join(writers).mapEmpty());
      writing.set(false);
      TestLrs.await(Future.all(readers).mapEmpty());

      // The model: the statements as finally stored, in seq order.
      Map<String, Long> seqOf = new HashMap<>();
      Map<String, Instant> storedOf = new HashMap<>();
      Map<String, String> learnerOf = new HashMap<>();
      List<String> inSeqOrder = new ArrayList<>();
      Instant previous = Instant.EPOCH;
      for (Row row : TestLrs.await(lrs.server().pool().preparedQuery(
          "SELECT seq, id, stored, learner_key FROM lrs.statement WHERE authority_org = $1 ORDER BY seq")
          .execute(Tuple.of(ORGANISATION)))) {
        String id = row.getUUID("id").toString();
        Instant stored = row.getOffsetDateTime("stored").toInstant();
        assertThat(stored).as("stored of %s (seq %d) does not go back", id, row.getLong("seq"))
            .isAfterOrEqualTo(previous);
        previous = stored;
        seqOf.put(id, row.getLong("seq"));
        storedOf.put(id, stored);
        learnerOf.put(id, row.getString("learner_key"));
        inSeqOrder.add(id);
      }
      System.out.printf("concurrent writers: %d statements stored, %d transactions rolled back, %d traversals, "
          + "%d Consistent-Through reads%n", inSeqOrder.size(), rolledBack.get(), traversals.size(), snapshots.size());
      assertThat(new HashSet<>(inSeqOrder)).as("every acknowledged statement is stored, nothing else")
          .isEqualTo(acknowledged);
      assertThat(rolledBack.get()).as("some transactions rolled back, leaving gaps").isPositive();
      assertThat(traversals.size()).as("traversals while writing").isGreaterThan(4);
      for (int w = 0; w < WRITERS; w++) {
        assertThat(mostOpen[w].get()).as("transactions writer %d had open at once", w)
            .isBetween(transactionsAllowed[w] == 1 ? 1 : 2, transactionsAllowed[w]);
      }

      for (Traversal traversal : traversals) {
        assertThat(new HashSet<>(traversal.ids())).as("no statement repeated").hasSize(traversal.ids().size());
        long highest = traversal.ids().stream().mapToLong(seqOf::get).max().orElse(0);
        List<String> expected = inSeqOrder.stream().filter(id -> seqOf.get(id) <= highest).toList();
        List<String> inOrder = new ArrayList<>(expected);
        if (!traversal.ascending()) {
          Collections.reverse(inOrder);
        }
        assertThat(traversal.ids()).as("a %s traversal returns every statement up to the highest it saw, in order",
            traversal.ascending() ? "ascending" : "descending").isEqualTo(inOrder);
      }
      for (Snapshot snapshot : snapshots) {
        Set<String> due = new HashSet<>();
        storedOf.forEach((id, stored) -> {
          if (!stored.isAfter(snapshot.consistentThrough())) {
            due.add(id);
          }
        });
        assertThat(snapshot.ids()).as("everything stored by Consistent-Through %s was returned",
            snapshot.consistentThrough()).containsAll(due);
      }

      // The relays: each statement once, each learner's in seq order.
      List<JsonObject> events = published(inSeqOrder.size(), Duration.ofSeconds(60));
      List<String> eventIds = events.stream().map(e -> e.getString("id")).toList();
      assertThat(eventIds).as("each statement published exactly once").hasSize(new HashSet<>(eventIds).size());
      assertThat(new HashSet<>(eventIds)).isEqualTo(new HashSet<>(inSeqOrder));
      Map<String, List<String>> byLearner = new LinkedHashMap<>();
      events.forEach(e -> byLearner.computeIfAbsent(e.getString("subject"), k -> new ArrayList<>()).add(e.getString("id")));
      assertThat(byLearner).hasSize(LEARNERS);
      for (List<String> ids : byLearner.values()) {
        assertThat(ids.stream().map(learnerOf::get).distinct()).hasSize(1);
        assertThat(ids).as("one learner's statements in seq order")
            .isSortedAccordingTo((a, b) -> Long.compare(seqOf.get(a), seqOf.get(b)));
      }

    } finally {
      TestLrs.await(vertx.undeploy(relay));
      pools.forEach(Pool::close);
    }
  }

  private static Pool pool(Vertx vertx, List<Pool> pools, String name) {
    Pool pool = Databases.pool(vertx, lrs.database(), "concurrency-" + name);
    pools.add(pool);
    return pool;
  }

  /** One writer's client: requests of one to three statements, one after another, each by a random learner. */
  private static Future<Void> write(StatementService service, List<String> learners, int remaining,
      Set<String> acknowledged) {
    if (remaining == 0) {
      return Future.succeededFuture();
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<Object> batch = new ArrayList<>();
    for (int i = random.nextInt(1, 4); i > 0; i--) {
      batch.add(TestLrs.statement(learners.get(random.nextInt(learners.size())),
          "http://adlnet.gov/expapi/verbs/experienced", "http://example.org/concurrency/" + random.nextInt(20))
          .put("id", UUID.randomUUID().toString()));
    }
    return service.store(batch, WRITER, XapiVersion.V1_0_3)
        .map(result -> {
          acknowledged.addAll(result.ids());
          return (Void) null;
        })
        .otherwiseEmpty()
        .compose(v -> write(service, learners, remaining - 1, acknowledged));
  }

  private static StatementQuery everything(boolean ascending, int limit, Long cursor) {
    return new StatementQuery(null, false, null, null, false, null, null, null, limit, ascending, cursor,
        ORGANISATION, null);
  }

  /** Full traversals of `more` links, one after another, until the writers are done (then one more). */
  private static Future<Void> traverseWhile(PgStatementStore store, boolean ascending, AtomicBoolean writing,
      List<Traversal> traversals) {
    boolean last = !writing.get();
    return traverse(store, ascending, null, new ArrayList<>()).compose(ids -> {
      traversals.add(new Traversal(ascending, ids));
      return last ? Future.succeededFuture() : traverseWhile(store, ascending, writing, traversals);
    });
  }

  private static Future<List<String>> traverse(PgStatementStore store, boolean ascending, Long cursor,
      List<String> ids) {
    return store.query(everything(ascending, PAGE, cursor)).compose(page -> {
      page.statements().forEach(statement -> ids.add(new JsonObject(statement).getString("id")));
      return page.nextCursor().isPresent() ? traverse(store, ascending, page.nextCursor().get(), ids)
          : Future.succeededFuture(ids);
    });
  }

  /** Reads of everything in one page, with their Consistent-Through, until the writers are done. */
  private static Future<Void> snapshotWhile(PgStatementStore store, AtomicBoolean writing, List<Snapshot> snapshots) {
    if (!writing.get()) {
      return Future.succeededFuture();
    }
    return store.query(everything(true, 5_000, null)).compose(page -> {
      snapshots.add(snapshot(page));
      return snapshotWhile(store, writing, snapshots);
    });
  }

  private static Snapshot snapshot(StatementPage page) {
    assertThat(page.nextCursor()).isEmpty();
    Set<String> ids = new HashSet<>();
    page.statements().forEach(statement -> ids.add(new JsonObject(statement).getString("id")));
    return new Snapshot(page.consistentThrough(), ids);
  }

  /** The CloudEvents on lrs.statements of this test's organisation, once {@code expected} arrived and 2 s more. */
  private static List<JsonObject> published(int expected, Duration timeout) {
    List<JsonObject> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", lrs.kafkaBootstrapServers(),
        "group.id", "concurrency-it-" + UUID.randomUUID(),
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "enable.auto.commit", "false"))) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.LRS_STATEMENTS, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(Topics.LRS_STATEMENTS, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      long settle = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settle)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          JsonObject event = new JsonObject(record.value());
          if (ORGANISATION.toString().equals(event.getString("organisation"))) {
            events.add(event);
          }
        }
        if (events.size() >= expected && settle == Long.MAX_VALUE) {
          settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return events;
  }
}
