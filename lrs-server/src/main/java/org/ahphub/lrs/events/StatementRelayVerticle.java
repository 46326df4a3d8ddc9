package org.ahphub.lrs.events;

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
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.kafka.CloudEventRecords;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.platform.outbox.RelayLoop;

/**
 * Publishes every stored statement to {@code lrs.statements} as a CloudEvent keyed by learner. The
 * statement table is the outbox: the relay reads the statements after its checkpoint and below the commit-order
 * watermark (V51: every seq below it belongs to a transaction that has ended, so no statement that commits later
 * can appear below the checkpoint), sends them in seq order, and moves the checkpoint on in the same
 * transaction only after the broker acknowledged every one. If Kafka is away the transaction rolls
 * back and the statements wait (backing off to {@code maxBackoff}); nothing accepted is lost, and a
 * crash between the acknowledgement and the commit re-sends rather than drops. An advisory lock lets
 * one relay publish at a time when several LRS processes run.
 *
 * <p>Nothing personal leaves in clear: each event is keyed (and its {@code subject} named) by the learner's
 * pseudonym, and its {@code data}, the statement, is sealed with the learner's own key ({@link SubjectKeys}), so
 * erasing the learner (destroying the key) erases their statements from the log too.
 */
public final class StatementRelayVerticle extends VerticleBase {

  /** Published (locally) by the writer after each commit, so new statements go out at once. */
  public static final String WAKE_UP = "ahp.lrs.relay.wake-up";

  static final String SOURCE = "/xapi/statements";

  private static final String CLAIM = SqlResources.load("sql/lrs/relay-claim.sql");
  private static final String SELECT = SqlResources.load("sql/lrs/relay-select.sql");
  private static final String ADVANCE = SqlResources.load("sql/lrs/relay-advance.sql");

  public record Settings(int batchSize, Duration idlePoll, Duration maxBackoff) {
    public static Settings defaults() {
      return new Settings(1_000, Duration.ofMillis(200), Duration.ofSeconds(5));
    }
  }

  private final Pool pool;
  private final KafkaSettings kafka;
  private final Settings settings;
  private final SubjectKeys subjectKeys;
  private KafkaProducer<String, String> producer;
  private RelayLoop loop;

  public StatementRelayVerticle(Pool pool, KafkaSettings kafka, Settings settings, SubjectKeys subjectKeys) {
    this.subjectKeys = subjectKeys;
    this.pool = pool;
    this.kafka = kafka;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    producer = KafkaProducer.create(vertx, kafka.producer("lrs-statement-relay"));
    loop = new RelayLoop(vertx, "statement relay", settings.batchSize(), settings.idlePoll(), settings.maxBackoff(),
        this::publishBatch);
    vertx.eventBus().localConsumer(WAKE_UP, message -> loop.wakeUp());
    loop.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return loop.stop().eventually(producer::close);
  }

  /**
   * The CloudEvent of a stored statement: its id, stored time, the learner's pseudonym as {@code subject}, the
   * payload as stored, sealed with the learner's key, and the organisation whose store holds it (extension
   * attribute {@code organisation}): statement ids are unique per organisation, so consumers key a statement and
   * its voids by (organisation, id).
   */
  static String event(Row row, DataKey learner) {
    String id = row.getUUID("id").toString();
    CloudEvent envelope = new CloudEvent(id, SOURCE,
        row.getBoolean("voiding") ? EventTypes.STATEMENT_VOIDED : EventTypes.STATEMENT_STORED,
        learner.kid(), row.getOffsetDateTime("stored").toInstant(), null)
        .withExtension(CloudEvent.ORGANISATION, row.getUUID("authority_org").toString());
    return envelope.encodeWithData(SealedData.seal(learner, id, row.getString("payload")).encode());
  }

  /** One transaction: claim, read, send, advance. Returns how many statements were published. */
  Future<Integer> publishBatch() {
    return pool.withTransaction(connection -> connection.query(CLAIM).execute().compose(claim -> {
      Row row = claim.iterator().next();
      return row.getBoolean("claimed") ? publishNext(connection, row.getLong("watermark")) : Future.succeededFuture(0);
    }));
  }

  /** The statements after the checkpoint and below {@code watermark}, read by a statement that starts after it was. */
  private Future<Integer> publishNext(SqlConnection connection, long watermark) {
    return connection.preparedQuery(SELECT).execute(Tuple.of(Topics.LRS_STATEMENTS, settings.batchSize(), watermark))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(0) : sendAndAdvance(connection, rows));
  }

  private Future<Integer> sendAndAdvance(SqlConnection connection, RowSet<Row> rows) {
    List<String> learners = new ArrayList<>(rows.size());
    rows.forEach(row -> learners.add(row.getString("learner_key")));
    return subjectKeys.keysFor(learners).compose(keys -> {
      List<Future<?>> sends = new ArrayList<>(rows.size());
      long last = 0;
      for (Row row : rows) {
        last = row.getLong("seq");
        DataKey learner = keys.get(row.getString("learner_key"));
        // The storing request's trace goes on (a new parent id: this hop), for the mapper and the webhooks.
        sends.add(producer.send(CloudEventRecords.record(Topics.LRS_STATEMENTS, learner.kid(), event(row, learner),
            row.getString("traceparent"))));
      }
      long through = last;
      return Future.all(sends)
          .compose(acknowledged -> connection.preparedQuery(ADVANCE).execute(Tuple.of(Topics.LRS_STATEMENTS, through)))
          .map(advanced -> rows.size());
    });
  }
}
