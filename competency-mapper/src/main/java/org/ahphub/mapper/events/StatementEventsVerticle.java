package org.ahphub.mapper.events;

import org.ahphub.platform.privacy.SubjectErased;
import org.ahphub.platform.privacy.SubjectKeys;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ahphub.events.Topics;
import org.ahphub.mapper.messages.StatementEvent;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.service.UnreadableStatement;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;
import org.ahphub.platform.kafka.CommittingPollLoop;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.platform.kafka.KafkaTopics;
import io.micrometer.core.instrument.Timer;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.trace.TraceParent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code lrs.statements} in a consumer group. Records of a poll are applied in order in one
 * transaction with a fixed number of set-based statements (see {@code PgPassportStore.applyAll}), and the
 * offsets are committed only after it commits;
 * on a database failure the consumer seeks back to the poll's first record of each partition and
 * tries again after a pause.
 * A record that is not a readable statement event (a poison message) is sent to
 * {@value #DEAD_LETTER_TOPIC} with the reason and its origin in headers, and processing continues.
 */
public final class StatementEventsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StatementEventsVerticle.class);
  private static final Duration POLL = Duration.ofMillis(200);
  /** Where unreadable statement events go. */
  public static final String DEAD_LETTER_TOPIC = Topics.LRS_STATEMENTS_DEAD_LETTERS;
  /** Records per poll, and so at most per transaction. */
  static final int MAX_POLL_RECORDS = 5_000;

  private final KafkaSettings kafka;
  private final String group;
  private final PassportService passports;
  private final SubjectKeys subjectKeys;
  private KafkaConsumer<String, String> consumer;
  private KafkaProducer<String, String> deadLetters;
  private CommittingPollLoop loop;
  private Timer storedToPassport;

  public StatementEventsVerticle(KafkaSettings kafka, String group, PassportService passports,
      SubjectKeys subjectKeys) {
    this.subjectKeys = subjectKeys;
    this.kafka = kafka;
    this.group = group;
    this.passports = passports;
  }

  @Override
  public Future<?> start() {
    storedToPassport = HubMetrics.of(vertx).timer("ahp.mapper.statement.to.passport",
        "from a statement's stored time to its passport change committed (the oldest statement of each poll)");
    consumer = KafkaConsumer.create(vertx, consumerConfig(kafka, group));
    deadLetters = KafkaProducer.create(vertx, kafka.producer("competency-mapper-dlq-" + group));
    return KafkaTopics.ensure(vertx, kafka, List.of(DEAD_LETTER_TOPIC))
        .compose(v -> CommittingPollLoop.subscribe(vertx, consumer, Topics.LRS_STATEMENTS, "statement events", POLL,
            records -> applyFrom(records, 0)))
        .onSuccess(started -> loop = started);
  }

  /**
   * The platform's consumer settings with larger polls: a poll costs the same few statements whatever its
   * size, so a backlog drains in polls of up to {@value #MAX_POLL_RECORDS} records (one transaction each),
   * while at a steady rate a poll returns as soon as anything has arrived.
   */
  static Map<String, String> consumerConfig(KafkaSettings kafka, String group) {
    Map<String, String> config = kafka.consumer(group);
    config.put("max.poll.records", String.valueOf(MAX_POLL_RECORDS));
    config.put("max.partition.fetch.bytes", String.valueOf(4 * 1024 * 1024));
    config.put("fetch.max.bytes", String.valueOf(16 * 1024 * 1024));
    return config;
  }

  @Override
  public Future<?> stop() {
    return Future.join(loop != null ? loop.close() : consumer.close(), deadLetters.close());
  }

  /**
   * Reads every record of the poll into an outcome in order (poison records go to the dead-letter
   * topic), then writes all outcomes in one transaction. On failure the whole poll is rewound.
   */
  private Future<Void> applyFrom(KafkaConsumerRecords<String, String> records, int index) {
    // Outcomes do not depend on each other: read them side by side (no deep future chain), keep offset order.
    List<Future<StatementOutcome>> reading = new ArrayList<>(records.size() - index);
    for (int i = index; i < records.size(); i++) {
      reading.add(outcomeOf(records.recordAt(i)));
    }
    return Future.all(reading)
        .compose(read -> {
          List<StatementOutcome> outcomes = new ArrayList<>(reading.size());
          Map<java.util.UUID, String> traces = new java.util.HashMap<>();
          for (int i = 0; i < reading.size(); i++) {
            StatementOutcome outcome = reading.get(i).result();
            if (outcome != null) {
              outcomes.add(outcome);
              String trace = traceOf(records.recordAt(index + i));
              if (trace != null) {
                traces.put(outcome.statementKey(), trace);
              }
            }
          }
          return passports.applyAll(outcomes, traces).map(changes -> {
            LOG.debug("{} statements applied: {} passport changes", outcomes.size(), changes.size());
            timeFromStored(records.recordAt(index));
            return (Void) null;
          });
        })
        .recover(failure -> CommittingPollLoop.rewind(consumer, records, index).compose(v -> Future.failedFuture(failure)));
  }

  /**
   * Times the lag from the record's stored time (the CloudEvent's {@code time}) to now, its passport change
   * committed. Only one record per poll is parsed for it: the first, which waited longest.
   */
  private void timeFromStored(KafkaConsumerRecord<String, String> record) {
    try {
      String time = new io.vertx.core.json.JsonObject(record.value()).getString("time");
      if (time != null) {
        long millis = java.time.Duration.between(java.time.Instant.parse(time), java.time.Instant.now()).toMillis();
        storedToPassport.record(Math.max(0, millis), java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException unreadable) {
      // a dead-lettered record: nothing to time
    }
  }

  /** The record's W3C trace, continued (a new parent id for this hop), or null when it came without one. */
  private static String traceOf(KafkaConsumerRecord<String, String> record) {
    for (var header : record.headers()) {
      if (TraceParent.HEADER.equals(header.key())) {
        return TraceParent.parse(header.value().toString()).map(trace -> trace.child().header()).orElse(null);
      }
    }
    return null;
  }

  /** The outcome of one record, or null when it was dead-lettered. */
  private Future<StatementOutcome> outcomeOf(KafkaConsumerRecord<String, String> record) {
    StatementEvent event;
    try {
      event = StatementEvent.read(record.value());
    } catch (RuntimeException unreadable) {
      return deadLetter(record, "not a CloudEvents 1.0 JSON event: " + unreadable.getMessage()).map(v -> null);
    }
    String eventId = event.id();
    return event.opened(subjectKeys).compose(passports::outcome)
        .recover(failure -> {
          if (failure instanceof SubjectErased) {
            // The learner was erased: there is nothing left to credit, and nothing to keep.
            LOG.debug("statement event {} skipped: its learner was erased", eventId);
            return Future.succeededFuture((StatementOutcome) null);
          }
          return failure instanceof UnreadableStatement
              ? deadLetter(record, failure.getMessage()).map(v -> (StatementOutcome) null)
              : Future.failedFuture(failure);
        });
  }

  /** Sends a poison record to the dead-letter topic, unchanged, with why and where it came from. */
  private Future<Void> deadLetter(KafkaConsumerRecord<String, String> record, String reason) {
    LOG.error("dead-lettering record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
    KafkaProducerRecord<String, String> letter = KafkaProducerRecord.create(DEAD_LETTER_TOPIC, record.key(), record.value())
        .addHeader("dlq-reason", reason == null ? "unknown" : reason)
        .addHeader("dlq-topic", record.topic())
        .addHeader("dlq-partition", String.valueOf(record.partition()))
        .addHeader("dlq-offset", String.valueOf(record.offset()))
        .addHeader("dlq-consumer-group", group);
    return deadLetters.send(letter).mapEmpty();
  }
}
