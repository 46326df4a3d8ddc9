package org.ahphub.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ahphub.events.Topics;
import org.ahphub.platform.config.Env;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka client properties passed through from the environment, and the topic settings. */
class KafkaSettingsTest {

  @TempDir
  Path directory;

  private static KafkaSettings read(Map<String, String> env) {
    return KafkaSettings.fromEnv(Env.of(env));
  }

  @Test
  @DisplayName("KAFKA_<PROPERTY> reaches producers, consumers and admin clients alike")
  void passThrough() {
    KafkaSettings settings = read(Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12"));
    for (Map<String, Object> client : java.util.List.<Map<String, Object>>of(new HashMap<>(settings.producer("p")),
        new HashMap<>(settings.consumer("g")), settings.admin())) {
      assertThat(client).containsEntry("bootstrap.servers", "broker:9093")
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
          .containsKey("sasl.jaas.config");
    }
  }

  @Test
  @DisplayName("a property only one kind of client knows goes to that kind only; a tuning property overrides the hub's")
  void perClientKind() {
    KafkaSettings settings = read(Map.of("KAFKA_MAX_POLL_RECORDS", "50", "KAFKA_LINGER_MS", "20"));
    assertThat(settings.consumer("g")).containsEntry("max.poll.records", "50").doesNotContainKey("linger.ms");
    assertThat(settings.producer("p")).containsEntry("linger.ms", "20").doesNotContainKey("max.poll.records");
    assertThat(settings.admin()).doesNotContainKeys("linger.ms", "max.poll.records");
  }

  @Test
  @DisplayName("a password property may come from KAFKA_<PROPERTY>_FILE; other properties may not")
  void passwordFromFile() throws IOException {
    Path jaas = Files.writeString(directory.resolve("jaas"), "PlainLoginModule required password=\"p\";\n");
    KafkaSettings settings = read(Map.of("KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(),
        "KAFKA_SECURITY_PROTOCOL_FILE", "/not/a/secret"));
    assertThat(settings.producer("p")).containsEntry("sasl.jaas.config", "PlainLoginModule required password=\"p\";")
        .doesNotContainKey("security.protocol");
    assertThat(settings.toString()).doesNotContain("password");
  }

  @Test
  @DisplayName("the properties the hub's guarantees rest on are refused, naming them")
  void reserved() {
    assertThatThrownBy(() -> read(Map.of("KAFKA_ACKS", "1", "KAFKA_ENABLE_AUTO_COMMIT", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KAFKA_ACKS (acks)").hasMessageContaining("KAFKA_ENABLE_AUTO_COMMIT (enable.auto.commit)");
  }

  @Test
  @DisplayName("variables that name no client property (Kubernetes' KAFKA_PORT) are ignored")
  void unknownIgnored() {
    KafkaSettings settings = read(Map.of("KAFKA_PORT", "tcp://10.0.0.1:9092", "KAFKA_SERVICE_HOST", "10.0.0.1"));
    assertThat(settings.clientProperties()).isEmpty();
    assertThat(KafkaSettings.isClientPropertyVariable("KAFKA_PORT")).isFalse();
    assertThat(KafkaSettings.isClientPropertyVariable("KAFKA_SECURITY_PROTOCOL")).isTrue();
    assertThat(KafkaSettings.isClientPropertyVariable("KAFKA_BOOTSTRAP_SERVERS")).isFalse();
    assertThat(KafkaSettings.isClientPropertyVariable("KAFKA_TOPIC_PARTITIONS")).isFalse();
  }

  @Test
  @DisplayName("production topic defaults: 12 partitions, 3 replicas, 2 in sync; statements for ever, identities compacted")
  void productionTopics() {
    TopicSettings topics = read(Map.of()).topics();
    TopicSettings.Topic statements = topics.topic(Topics.LRS_STATEMENTS);
    assertThat(statements.partitions()).isEqualTo(12);
    assertThat(statements.replicationFactor()).isEqualTo((short) 3);
    assertThat(statements.configs()).containsEntry("min.insync.replicas", "2").containsEntry("retention.ms", "-1")
        .containsEntry("cleanup.policy", "delete");
    assertThat(topics.topic(Topics.PASSPORT_IDENTITIES).configs()).containsEntry("cleanup.policy", "compact");
    assertThat(topics.topic(Topics.PASSPORT_UPDATES).configs()).containsEntry("retention.ms", "2592000000");
    assertThat(topics.topic("some.other").partitions()).isEqualTo(12);
  }

  @Test
  @DisplayName("development mode: one replica; every setting can be changed per topic")
  void devModeAndPerTopic() {
    Map<String, String> env = new HashMap<>(Map.of("HUB_DEV_MODE", "true",
        "KAFKA_TOPIC_LRS_STATEMENTS_PARTITIONS", "24", "KAFKA_TOPIC_PASSPORT_UPDATES_RETENTION_MS", "-1",
        "KAFKA_TOPIC_LRS_STATEMENTS_DLQ_CLEANUP_POLICY", "compact,delete"));
    TopicSettings topics = read(env).topics();
    assertThat(topics.topic(Topics.LRS_STATEMENTS).partitions()).isEqualTo(24);
    assertThat(topics.topic(Topics.LRS_STATEMENTS).replicationFactor()).isEqualTo((short) 1);
    assertThat(topics.topic(Topics.PASSPORT_UPDATES).partitions()).isEqualTo(4);
    assertThat(topics.topic(Topics.PASSPORT_UPDATES).configs()).containsEntry("retention.ms", "-1");
    assertThat(topics.topic(Topics.LRS_STATEMENTS_DEAD_LETTERS).configs())
        .containsEntry("cleanup.policy", "compact,delete");
  }

  @Test
  @DisplayName("unknown or malformed topic settings are all reported at once")
  void topicErrors() {
    assertThatThrownBy(() -> read(Map.of("KAFKA_TOPIC_LRS_STATEMENT_PARTITIONS", "3",
        "KAFKA_TOPIC_REPLICATION_FACTOR", "2", "KAFKA_TOPIC_MIN_INSYNC_REPLICAS", "3",
        "KAFKA_TOPIC_PASSPORT_UPDATES_CLEANUP_POLICY", "forever")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KAFKA_TOPIC_LRS_STATEMENT_PARTITIONS is not a topic setting")
        .hasMessageContaining("KAFKA_TOPIC_MIN_INSYNC_REPLICAS (3) is more than KAFKA_TOPIC_REPLICATION_FACTOR (2)")
        .hasMessageContaining("KAFKA_TOPIC_PASSPORT_UPDATES_CLEANUP_POLICY must be delete, compact or compact,delete");
  }
}
