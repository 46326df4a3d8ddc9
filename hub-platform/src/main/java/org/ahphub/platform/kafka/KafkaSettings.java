package org.ahphub.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import org.ahphub.platform.config.Env;

/**
 * Kafka connection, client and topic settings, the one place every producer, consumer and admin client of the
 * hub takes its configuration from.
 *
 * <ul>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} (localhost:9092)
 *   <li>any Kafka client property as {@code KAFKA_<PROPERTY>} ({@code KAFKA_SECURITY_PROTOCOL},
 *       {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG} or {@code KAFKA_SASL_JAAS_CONFIG_FILE}, …):
 *       see {@link KafkaClientProperties} for the rule
 *   <li>the topics the hub creates ({@code KAFKA_TOPIC_*}): see {@link TopicSettings}
 * </ul>
 *
 * @param clientProperties properties from the environment, given to every client that knows them
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties, TopicSettings topics) {

  public KafkaSettings {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** A plain-TCP cluster of one broker, every topic with {@code topicPartitions} partitions (tests). */
  public KafkaSettings(String bootstrapServers, int topicPartitions) {
    this(bootstrapServers, Map.of(), TopicSettings.singleBroker(topicPartitions));
  }

  public static KafkaSettings fromEnv(Env env) {
    return new KafkaSettings(
        env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        KafkaClientProperties.fromEnv(env),
        TopicSettings.fromEnv(env, env.bool("HUB_DEV_MODE", false)));
  }

  /** Whether the one-command hub must keep {@code variable} from its embedded broker's clients. */
  public static boolean isClientPropertyVariable(String variable) {
    return KafkaClientProperties.isClientPropertyVariable(variable);
  }

  /** An idempotent producer that waits for every in-sync replica and gives up quickly when the broker is away. */
  public Map<String, String> producer(String clientId) {
    Map<String, String> config = new HashMap<>();
    config.put("linger.ms", "2");
    config.put("compression.type", "lz4");
    // While the broker is down a send fails within seconds and the outbox row simply stays unpublished.
    config.put("max.block.ms", "5000");
    config.put("request.timeout.ms", "5000");
    config.put("delivery.timeout.ms", "10000");
    config.put("reconnect.backoff.max.ms", "2000");
    KafkaClientProperties.addProducer(config, clientProperties);
    config.put("bootstrap.servers", bootstrapServers);
    config.put("client.id", clientId);
    config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    return config;
  }

  /** A consumer in {@code groupId} that commits offsets only when told to (after the database write). */
  public Map<String, String> consumer(String groupId) {
    Map<String, String> config = new HashMap<>();
    config.put("max.poll.records", "500");
    config.put("reconnect.backoff.max.ms", "2000");
    KafkaClientProperties.addConsumer(config, clientProperties);
    config.put("bootstrap.servers", bootstrapServers);
    config.put("group.id", groupId);
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "earliest");
    return config;
  }

  public Map<String, Object> admin() {
    Map<String, Object> config = new HashMap<>();
    config.put("request.timeout.ms", 10_000);
    config.put("default.api.timeout.ms", 30_000);
    KafkaClientProperties.addAdmin(config, clientProperties);
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }

  /** Never prints a client property's value (SASL settings hold passwords). */
  @Override
  public String toString() {
    return "KafkaSettings[" + bootstrapServers + ", client properties " + clientProperties.keySet() + "]";
  }
}
