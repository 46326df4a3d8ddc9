package org.ahphub.platform.outbox;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.ahphub.platform.privacy.SealedData;
import org.ahphub.platform.privacy.SubjectKeys;
import org.ahphub.platform.privacy.SubjectKeys.DataKey;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.kafka.CloudEventRecords;
import org.ahphub.platform.kafka.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a schema's outbox to Kafka. A batch of unpublished rows is locked, sent, and marked
 * published in one transaction only after the broker acknowledged every record; if Kafka is away
 * the transaction rolls back and the rows wait for the next attempt (backing off to
 * {@code maxBackoff}). Several relays may run against one outbox: an advisory lock lets one
 * publish at a time, which also keeps each key's events in order.
 *
 * <p>Events on the topics in {@code sealedTopics} carry personal data: their {@code data} is sealed with the key
 * of the subject the record is keyed by ({@link SealedData}) as they leave, so destroying that key erases them
 * from the log.
 */
public final class OutboxRelayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);

  public record Settings(int batchSize, Duration idlePoll, Duration maxBackoff, Duration retention) {
    public static Settings defaults() {
      return new Settings(500, Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofHours(1));
    }
  }

  private final Pool pool;
  private final KafkaSettings kafka;
  private final String schema;
  private final Settings settings;
  private final SubjectKeys subjectKeys;
  private final Set<String> sealedTopics;
  private final String claimLock;
  private final String selectUnpublished;
  private final String markPublished;
  private final String deletePublished;
  private KafkaProducer<String, String> producer;
  private RelayLoop loop;
  private long cleanupTimer;

  public OutboxRelayVerticle(Pool pool, KafkaSettings kafka, String schema, Settings settings) {
    this(pool, kafka, schema, settings, null, Set.of());
  }

  /** With the events of {@code sealedTopics} sealed with their subject's key from {@code subjectKeys}. */
  public OutboxRelayVerticle(Pool pool, KafkaSettings kafka, String schema, Settings settings, SubjectKeys subjectKeys,
      Set<String> sealedTopics) {
    this.subjectKeys = subjectKeys;
    this.sealedTopics = Set.copyOf(sealedTopics);
    this.pool = pool;
    this.kafka = kafka;
    this.schema = schema;
    this.settings = settings;
    this.claimLock = SqlResources.load("sql/outbox/claim-lock.sql", schema);
    this.selectUnpublished = SqlResources.load("sql/outbox/select-unpublished.sql", schema);
    this.markPublished = SqlResources.load("sql/outbox/mark-published.sql", schema);
    this.deletePublished = SqlResources.load("sql/outbox/delete-published.sql", schema);
  }

  @Override
  public Future<?> start() {
    producer = KafkaProducer.create(vertx, kafka.producer("outbox-relay-" + schema));
    cleanupTimer = vertx.setPeriodic(60_000, id -> deleteOldPublished());
    loop = new RelayLoop(vertx, "outbox " + schema, settings.batchSize(), settings.idlePoll(), settings.maxBackoff(),
        this::publishBatch);
    loop.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(cleanupTimer);
    return loop.stop().eventually(producer::close);
  }

  /** One transaction: claim, read, send, mark. Returns how many rows were published. */
  Future<Integer> publishBatch() {
    return pool.withTransaction(connection -> claim(connection)
        .compose(claimed -> claimed ? publishUnpublished(connection) : Future.succeededFuture(0)));
  }

  private Future<Boolean> claim(SqlConnection connection) {
    return connection.query(claimLock).execute().map(rows -> rows.iterator().next().getBoolean("claimed"));
  }

  private Future<Integer> publishUnpublished(SqlConnection connection) {
    return connection.preparedQuery(selectUnpublished).execute(Tuple.of(settings.batchSize()))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(0) : sendAndMark(connection, rows));
  }

  private Future<Integer> sendAndMark(SqlConnection connection, RowSet<Row> rows) {
    List<String> subjects = new ArrayList<>();
    for (Row row : rows) {
      if (sealedTopics.contains(row.getString("topic"))) {
        subjects.add(row.getString("event_key"));
      }
    }
    Future<Map<String, DataKey>> keys = subjects.isEmpty() ? Future.succeededFuture(Map.of())
        : subjectKeys.keysFor(subjects);
    return keys.compose(bySubject -> {
      List<Future<?>> sends = new ArrayList<>(rows.size());
      List<Long> sequence = new ArrayList<>(rows.size());
      for (Row row : rows) {
        sequence.add(row.getLong("seq"));
        String event = row.getString("event");
        // Only the sealed topics' events: another topic's event for the same subject stays as it is.
        DataKey key = sealedTopics.contains(row.getString("topic")) ? bySubject.get(row.getString("event_key")) : null;
        sends.add(producer.send(CloudEventRecords.record(row.getString("topic"), row.getString("event_key"),
            key == null ? event : sealed(event, key), row.getString("traceparent"))));
      }
      return Future.all(sends)
          .compose(acknowledged -> connection.preparedQuery(markPublished)
              .execute(Tuple.of(sequence.toArray(Long[]::new))))
          .map(marked -> sequence.size());
    });
  }

  /** The event with its {@code data} sealed under the subject's key. */
  private static String sealed(String event, DataKey key) {
    JsonObject json = new JsonObject(event);
    JsonObject data = json.getJsonObject("data");
    if (data != null) {
      json.put("data", SealedData.seal(key, json.getString("id"), data.encode()));
    }
    return json.encode();
  }

  private void deleteOldPublished() {
    pool.preparedQuery(deletePublished)
        .execute(Tuple.of(settings.retention().toSeconds()))
        .onFailure(e -> LOG.warn("outbox {}: clean-up failed: {}", schema, e.toString()));
  }
}
