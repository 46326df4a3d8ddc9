package org.ahphub.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.platform.config.Env;
import org.ahphub.testing.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsumerOffsetsIT {

  private Vertx vertx;
  private KafkaSettings kafka;
  private String topic;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    kafka = KafkaSettings.fromEnv(Env.of(Map.of("KAFKA_BOOTSTRAP_SERVERS",
        TestInfrastructure.get().kafkaBootstrapServers())));
    topic = "offsets-it-" + UUID.randomUUID();
    KafkaTopics.ensure(vertx, kafka, List.of(topic)).await();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"))) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }
  }

  private void commit(String group, long offset) throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)))
          .all().get();
    }
  }

  @Test
  @DisplayName("a new group starts where its predecessor stopped; a group with offsets of its own, or no predecessor, is left alone")
  void seedsOnce() throws Exception {
    String predecessor = "seed-it-" + UUID.randomUUID() + "-webhooks";
    String group = "seed-it-" + UUID.randomUUID() + "-credentials";
    assertThat(ConsumerOffsets.seed(vertx, kafka, topic, group, predecessor).await()).as("no predecessor").isFalse();
    assertThat(committed(group)).isEmpty();

    commit(predecessor, 2);
    assertThat(ConsumerOffsets.seed(vertx, kafka, topic, group, predecessor).await()).isTrue();
    assertThat(committed(group).get(new TopicPartition(topic, 0)).offset()).isEqualTo(2);

    commit(group, 1);
    String other = "seed-it-" + UUID.randomUUID() + "-webhooks";
    commit(other, 3);
    assertThat(ConsumerOffsets.seed(vertx, kafka, topic, group, other).await()).as("already has offsets").isFalse();
    assertThat(committed(group).get(new TopicPartition(topic, 0)).offset()).isEqualTo(1);
  }
}
