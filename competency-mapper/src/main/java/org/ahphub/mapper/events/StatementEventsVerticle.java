package org.ahphub.mapper.events;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.Topics;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;
import org.ahphub.platform.kafka.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code lrs.statements} in a consumer group. Records of a poll are applied in order, and
 * the offsets are committed only after every one of them is written; on a database failure the
 * consumer seeks back to the first unapplied record of each partition and tries again after a pause.
 * A record that is not a readable statement event is logged with its offset and skipped.
 */
public final class StatementEventsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StatementEventsVerticle.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaSettings kafka;
  private final String group;
  private final PassportService passports;
  private KafkaConsumer<String, String> consumer;
  private volatile boolean stopped;
  private long backoffMillis;

  public StatementEventsVerticle(KafkaSettings kafka, String group, PassportService passports) {
    this.kafka = kafka;
    this.group = group;
    this.passports = passports;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, kafka.consumer(group));
    return consumer.subscribe(Topics.LRS_STATEMENTS).onSuccess(v -> vertx.runOnContext(x -> pollLoop()));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return consumer.close();
  }

  private void pollLoop() {
    if (stopped) {
      return;
    }
    consumer.poll(POLL)
        .compose(this::applyAndCommit)
        .onSuccess(v -> {
          backoffMillis = 0;
          vertx.runOnContext(x -> pollLoop());
        })
        .onFailure(failure -> {
          if (stopped) {
            return;
          }
          backoffMillis = Math.min(5_000, Math.max(200, backoffMillis * 2));
          LOG.warn("statement events: {}; retrying in {} ms", failure.toString(), backoffMillis);
          vertx.setTimer(backoffMillis, id -> pollLoop());
        });
  }

  private Future<Void> applyAndCommit(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    return applyFrom(records, 0).compose(v -> consumer.commit());
  }

  /** Applies records one after another (order matters per learner); on failure rewinds the unapplied ones. */
  private Future<Void> applyFrom(KafkaConsumerRecords<String, String> records, int index) {
    if (index == records.size()) {
      return Future.succeededFuture();
    }
    KafkaConsumerRecord<String, String> record = records.recordAt(index);
    return applyOne(record)
        .compose(v -> applyFrom(records, index + 1), failure -> rewind(records, index).compose(v -> Future.failedFuture(failure)));
  }

  private Future<Void> applyOne(KafkaConsumerRecord<String, String> record) {
    StatementOutcome outcome;
    try {
      outcome = passports.outcome(CloudEvent.fromJson(new JsonObject(record.value())));
    } catch (RuntimeException unreadable) {
      LOG.error("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          unreadable.toString());
      return Future.succeededFuture();
    }
    return passports.apply(outcome)
        .onSuccess(changes -> LOG.debug("statement {} applied: {} passport changes", outcome.statementId(), changes.size()))
        .mapEmpty();
  }

  private Future<Void> rewind(KafkaConsumerRecords<String, String> records, int firstUnapplied) {
    Map<TopicPartition, Long> positions = new LinkedHashMap<>();
    for (int i = firstUnapplied; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> record = records.recordAt(i);
      positions.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
    }
    List<Future<Void>> seeks = positions.entrySet().stream()
        .map(entry -> consumer.seek(entry.getKey(), entry.getValue()))
        .toList();
    return Future.all(seeks).mapEmpty();
  }
}
