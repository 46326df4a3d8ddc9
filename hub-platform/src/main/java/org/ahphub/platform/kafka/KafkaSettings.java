package org.ahphub.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import org.ahphub.platform.config.Env;

/**
 * Kafka connection and client settings: {@code KAFKA_BOOTSTRAP_SERVERS} (localhost:9092) and
 * {@code KAFKA_TOPIC_PARTITIONS} (4, used when the hub creates its topics).
 */
public record KafkaSettings(String bootstrapServers, int topicPartitions) {

  public static KafkaSettings fromEnv(Env env) {
    return new KafkaSettings(
        env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        env.integer("KAFKA_TOPIC_PARTITIONS", 4));
  }

  /** An idempotent producer that waits for every in-sync replica and gives up quickly when the broker is away. */
  public Map<String, String> producer(String clientId) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrapServers);
    config.put("client.id", clientId);
    config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    config.put("linger.ms", "2");
    config.put("compression.type", "lz4");
    // While the broker is down a send fails within seconds and the outbox row simply stays unpublished.
    config.put("max.block.ms", "5000");
    config.put("request.timeout.ms", "5000");
    config.put("delivery.timeout.ms", "10000");
    config.put("reconnect.backoff.max.ms", "2000");
    return config;
  }

  /** A consumer in {@code groupId} that commits offsets only when told to (after the database write). */
  public Map<String, String> consumer(String groupId) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrapServers);
    config.put("group.id", groupId);
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "earliest");
    config.put("max.poll.records", "500");
    config.put("reconnect.backoff.max.ms", "2000");
    return config;
  }

  public Map<String, Object> admin() {
    return Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", 10_000,
        "default.api.timeout.ms", 30_000);
  }
}
