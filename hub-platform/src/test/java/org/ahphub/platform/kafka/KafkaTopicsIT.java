package org.ahphub.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.events.Topics;
import org.ahphub.platform.config.Env;
import org.ahphub.testing.Eventually;
import org.ahphub.testing.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The hub's topics as the embedded broker describes them after the hub created them. */
class KafkaTopicsIT {

  private static final List<String> HUB_TOPICS = List.of(Topics.LRS_STATEMENTS, Topics.PASSPORT_UPDATES,
      Topics.PASSPORT_IDENTITIES, Topics.LRS_STATEMENTS_DEAD_LETTERS);

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static KafkaSettings settings(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.get().kafkaBootstrapServers());
    return KafkaSettings.fromEnv(Env.of(env));
  }

  @Test
  @DisplayName("topics are created with their partitions and configs; on one broker with one replica whatever is set")
  void createdAsConfigured() throws Exception {
    KafkaSettings kafka = settings(Map.of("KAFKA_TOPIC_PARTITIONS", "3", "KAFKA_TOPIC_LRS_STATEMENTS_PARTITIONS", "5"));
    assertThat(kafka.topics().topic(Topics.LRS_STATEMENTS).replicationFactor()).as("production default").isEqualTo((short) 3);

    KafkaTopics.ensure(vertx, kafka, HUB_TOPICS).await();

    try (Admin admin = Admin.create(kafka.admin())) {
      // A topic just created reaches the broker's metadata a moment after the controller acknowledged it.
      Map<String, TopicDescription> described = Eventually.await("the created topics described", () -> {
        try {
          return admin.describeTopics(HUB_TOPICS).allTopicNames().get();
        } catch (java.util.concurrent.ExecutionException notYet) {
          return null;
        }
      }, found -> found != null);
      assertThat(described.get(Topics.LRS_STATEMENTS).partitions()).hasSize(5);
      assertThat(described.get(Topics.PASSPORT_UPDATES).partitions()).hasSize(3);
      assertThat(described.get(Topics.LRS_STATEMENTS).partitions().get(0).replicas()).hasSize(1);
      assertThat(value(admin, Topics.LRS_STATEMENTS, "retention.ms")).isEqualTo("-1");
      assertThat(value(admin, Topics.LRS_STATEMENTS, "cleanup.policy")).isEqualTo("delete");
      assertThat(value(admin, Topics.LRS_STATEMENTS, "min.insync.replicas")).isEqualTo("1");
      assertThat(value(admin, Topics.PASSPORT_IDENTITIES, "cleanup.policy")).isEqualTo("compact");
      assertThat(value(admin, Topics.PASSPORT_UPDATES, "retention.ms")).isEqualTo(String.valueOf(30L * 24 * 3600 * 1000));
      assertThat(value(admin, Topics.LRS_STATEMENTS_DEAD_LETTERS, "retention.ms"))
          .isEqualTo(String.valueOf(90L * 24 * 3600 * 1000));
    }
  }

  @Test
  @DisplayName("an existing topic takes changed configs, but keeps its partition count (a learner's order depends on it)")
  void existingTopicsReconciled() throws Exception {
    KafkaTopics.ensure(vertx, settings(Map.of("KAFKA_TOPIC_PARTITIONS", "3")), List.of(Topics.PASSPORT_UPDATES)).await();
    int partitionsBefore;
    KafkaSettings changed = settings(Map.of("KAFKA_TOPIC_PASSPORT_UPDATES_PARTITIONS", "7",
        "KAFKA_TOPIC_PASSPORT_UPDATES_RETENTION_MS", "3600000"));
    try (Admin admin = Admin.create(changed.admin())) {
      partitionsBefore = admin.describeTopics(List.of(Topics.PASSPORT_UPDATES)).allTopicNames().get()
          .get(Topics.PASSPORT_UPDATES).partitions().size();
    }

    KafkaTopics.ensure(vertx, changed, List.of(Topics.PASSPORT_UPDATES)).await();

    try (Admin admin = Admin.create(changed.admin())) {
      assertThat(value(admin, Topics.PASSPORT_UPDATES, "retention.ms")).isEqualTo("3600000");
      assertThat(admin.describeTopics(List.of(Topics.PASSPORT_UPDATES)).allTopicNames().get()
          .get(Topics.PASSPORT_UPDATES).partitions()).hasSize(partitionsBefore);
    }
  }

  private static String value(Admin admin, String topic, String name) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    return config.get(name).value();
  }
}
