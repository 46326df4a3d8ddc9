package org.ahphub.platform.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's way of consuming a topic: poll, apply the records, commit the offsets only after the
 * apply succeeded; on failure back off (200 ms doubling to 5 s) and poll again. The apply step
 * rewinds with {@link #rewind} what it did not finish, so nothing is skipped.
 */
public final class CommittingPollLoop {

  private static final Logger LOG = LoggerFactory.getLogger(CommittingPollLoop.class);

  private final Vertx vertx;
  private final KafkaConsumer<String, String> consumer;
  private final String name;
  private final Duration poll;
  private final Function<KafkaConsumerRecords<String, String>, Future<Void>> apply;
  private volatile boolean stopped;
  private long backoffMillis;

  private CommittingPollLoop(Vertx vertx, KafkaConsumer<String, String> consumer, String name, Duration poll,
      Function<KafkaConsumerRecords<String, String>, Future<Void>> apply) {
    this.vertx = vertx;
    this.consumer = consumer;
    this.name = name;
    this.poll = poll;
    this.apply = apply;
  }

  /** Subscribes {@code consumer} to {@code topic} and, once it is subscribed, starts the loop over it. */
  public static Future<CommittingPollLoop> subscribe(Vertx vertx, KafkaConsumer<String, String> consumer, String topic,
      String name, Duration poll, Function<KafkaConsumerRecords<String, String>, Future<Void>> apply) {
    return consumer.subscribe(topic).map(v -> {
      CommittingPollLoop loop = new CommittingPollLoop(vertx, consumer, name, poll, apply);
      vertx.runOnContext(x -> loop.next());
      return loop;
    });
  }

  /** Stops polling and closes the consumer. */
  public Future<Void> close() {
    stopped = true;
    return consumer.close();
  }

  private void next() {
    if (stopped) {
      return;
    }
    consumer.poll(poll)
        .compose(this::applyAndCommit)
        .onSuccess(v -> {
          backoffMillis = 0;
          vertx.runOnContext(x -> next());
        })
        .onFailure(failure -> {
          if (stopped) {
            return;
          }
          backoffMillis = Math.min(5_000, Math.max(200, backoffMillis * 2));
          LOG.warn("{}: {}; retrying in {} ms", name, failure.toString(), backoffMillis);
          vertx.setTimer(backoffMillis, id -> next());
        });
  }

  private Future<Void> applyAndCommit(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    return apply.apply(records).compose(v -> consumer.commit());
  }

  /** Seeks each partition back to its first record at or after {@code firstUnapplied}, to be polled again. */
  public static Future<Void> rewind(KafkaConsumer<String, String> consumer, KafkaConsumerRecords<String, String> records,
      int firstUnapplied) {
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
