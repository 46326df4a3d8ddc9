package org.ahphub.lrs.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a topic from the beginning, outside any consumer group, keeping the records a test cares about. */
final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final Predicate<ConsumerRecord<String, String>> wanted;
  private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

  TopicReader(String bootstrapServers, String topic, Predicate<ConsumerRecord<String, String>> wanted) {
    this.wanted = wanted;
    this.consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrapServers,
        "group.id", "test-reader-" + UUID.randomUUID(),
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "enable.auto.commit", "false"));
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls until {@code count} wanted records arrived, then polls {@code settle} longer to catch extras. */
  List<ConsumerRecord<String, String>> awaitAtLeast(int count, Duration timeout, Duration settle) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records.size() < count && System.nanoTime() < deadline) {
      poll(Duration.ofMillis(200));
    }
    long settleUntil = System.nanoTime() + settle.toNanos();
    while (System.nanoTime() < settleUntil) {
      poll(Duration.ofMillis(100));
    }
    return List.copyOf(records);
  }

  private void poll(Duration timeout) {
    for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
      if (wanted.test(record)) {
        records.add(record);
      }
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
