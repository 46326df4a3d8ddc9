package org.ahphub.lrs.events;

import io.vertx.core.json.JsonObject;
import org.ahphub.platform.privacy.SubjectErased;
import org.ahphub.platform.privacy.SubjectKeys;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import java.time.Duration;
import org.ahphub.events.Topics;
import org.ahphub.lrs.service.PersonIdentities;
import org.ahphub.lrs.service.PersonService;
import org.ahphub.platform.db.SqlStates;
import org.ahphub.platform.kafka.CommittingPollLoop;
import org.ahphub.platform.kafka.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code passport.identities} in a consumer group into the LRS's copy of which identifiers
 * belong to one person (what the Agents resource combines). Records are applied in offset order, one
 * statement each, and the poll's offsets are committed only after all of them are written. Applying is
 * idempotent (snapshots carry the mapper's identity version), so a poll applied again after a crash or
 * a failed commit changes nothing. A record that cannot be read, or whose values the database refuses
 * (SQLSTATE class 22), is logged and skipped: no retry can fix it, and the records after it still count.
 * On any other failure the consumer seeks back to the first record not yet applied and tries again after
 * a pause.
 */
public final class IdentityEventsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityEventsVerticle.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaSettings kafka;
  private final String group;
  private final PersonService persons;
  private final SubjectKeys subjectKeys;
  private KafkaConsumer<String, String> consumer;
  private CommittingPollLoop loop;

  public IdentityEventsVerticle(KafkaSettings kafka, String group, PersonService persons, SubjectKeys subjectKeys) {
    this.subjectKeys = subjectKeys;
    this.kafka = kafka;
    this.group = group;
    this.persons = persons;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, kafka.consumer(group));
    return CommittingPollLoop.subscribe(vertx, consumer, Topics.PASSPORT_IDENTITIES, "identity events", POLL,
        this::applyAll).onSuccess(started -> loop = started);
  }

  @Override
  public Future<?> stop() {
    return loop != null ? loop.close() : consumer.close();
  }

  /** Applies the poll's records one after another, in offset order; on failure rewinds to the one that failed. */
  private Future<Void> applyAll(KafkaConsumerRecords<String, String> records) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < records.size(); i++) {
      int index = i;
      chain = chain.compose(v -> apply(records.recordAt(index))
          .recover(failure -> CommittingPollLoop.rewind(consumer, records, index)
              .compose(rewound -> Future.failedFuture(failure))));
    }
    return chain;
  }

  private Future<Void> apply(KafkaConsumerRecord<String, String> record) {
    return opened(record).compose(text -> text == null ? Future.succeededFuture() : apply(record, text));
  }

  /**
   * The event with its identifiers opened (they are sealed with the person's key); null when the record is
   * unreadable or the person was erased, which is logged and skipped.
   */
  private Future<String> opened(KafkaConsumerRecord<String, String> record) {
    JsonObject event;
    try {
      event = new JsonObject(record.value());
    } catch (RuntimeException unreadable) {
      skip(record, "not JSON");
      return Future.succeededFuture();
    }
    if (!(event.getValue("data") instanceof JsonObject data) || !(event.getValue("id") instanceof String id)) {
      return Future.succeededFuture(record.value());
    }
    return subjectKeys.open(id, data).map(opened -> event.put("data", opened).encode())
        .recover(failure -> {
          if (failure instanceof SubjectErased) {
            LOG.debug("identity event {} skipped: its person was erased", id);
            return Future.succeededFuture();
          }
          return Future.failedFuture(failure);
        });
  }

  private Future<Void> apply(KafkaConsumerRecord<String, String> record, String text) {
    PersonIdentities identities;
    try {
      identities = PersonIdentities.fromEvent(text);
    } catch (IllegalArgumentException unreadable) {
      skip(record, unreadable.getMessage());
      return Future.succeededFuture();
    } catch (RuntimeException unexpected) {
      // Whatever else a record can do to the reader, it must not stop the records after it.
      skip(record, "unreadable: " + unexpected.getClass().getSimpleName());
      return Future.succeededFuture();
    }
    return persons.apply(identities)
        .onSuccess(v -> LOG.debug("identity event {} applied: person {} at identity version {}",
            identities.eventId(), identities.personId(), identities.identityVersion()))
        .recover(failure -> {
          if (SqlStates.isDataException(failure)) {
            skip(record, "event " + identities.eventId() + " refused by the database (SQLSTATE class 22)");
            return Future.succeededFuture();
          }
          return Future.failedFuture(failure);
        });
  }

  private static void skip(KafkaConsumerRecord<String, String> record, String reason) {
    LOG.error("skipping record {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
        record.key(), reason);
  }
}
