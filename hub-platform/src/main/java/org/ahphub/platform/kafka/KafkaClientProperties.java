package org.ahphub.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ahphub.platform.config.Env;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Kafka client properties passed through from the environment, for managed Kafka (TLS, SASL, …).
 *
 * <p>The rule: a variable {@code KAFKA_<NAME>} whose {@code <NAME>}, lower-cased with {@code _} read as
 * {@code .}, is a property of Kafka's producer, consumer or admin client is given to every client that knows
 * it: {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} → {@code security.protocol=SASL_SSL},
 * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, … A
 * property Kafka marks as a password ({@code sasl.jaas.config}, {@code ssl.truststore.password}, …) may
 * instead be read from the file named by {@code KAFKA_<NAME>_FILE}.
 *
 * <p>Not passed through: the hub's own variables ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_TOPIC_*});
 * variables that name no client property (such as the {@code KAFKA_PORT} Kubernetes sets for a service
 * named kafka), which are ignored; and the properties the hub's guarantees rest on ({@link #RESERVED}), which
 * are refused at start-up.
 */
public final class KafkaClientProperties {

  public static final String PREFIX = "KAFKA_";

  /**
   * Set by the hub, not by the environment: serialisation, consumer groups and client ids, offsets committed
   * only after the database write, and the idempotent producer that waits for every in-sync replica.
   */
  public static final Set<String> RESERVED = Set.of("bootstrap.servers", "key.serializer", "value.serializer",
      "key.deserializer", "value.deserializer", "group.id", "group.instance.id", "client.id", "enable.auto.commit",
      "auto.offset.reset", "enable.idempotence", "acks", "transactional.id");

  private static final Set<String> PRODUCER = ProducerConfig.configNames();
  private static final Set<String> CONSUMER = ConsumerConfig.configNames();
  private static final Set<String> ADMIN = AdminClientConfig.configNames();
  private static final Set<String> PASSWORDS = passwords();

  private KafkaClientProperties() {}

  /** The client properties the environment sets, by property name. */
  static Map<String, String> fromEnv(Env env) {
    Map<String, String> properties = new TreeMap<>();
    List<String> refused = new ArrayList<>();
    for (String variable : env.startingWith(PREFIX).keySet()) {
      String name = variable.endsWith(Env.FILE_SUFFIX)
          ? variable.substring(0, variable.length() - Env.FILE_SUFFIX.length()) : variable;
      String property = propertyOf(name);
      if (property == null || properties.containsKey(property)) {
        continue;
      }
      if (!name.equals(variable) && !PASSWORDS.contains(property)) {
        continue;
      }
      if (RESERVED.contains(property)) {
        refused.add(name + " (" + property + ")");
        continue;
      }
      properties.put(property, env.secret(name, null));
    }
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException("these Kafka client properties are set by the hub and cannot be changed "
          + "from the environment: " + String.join(", ", refused));
    }
    return properties;
  }

  /**
   * Whether {@code variable} is passed to Kafka clients by the rule above (reserved ones included): the
   * one-command hub removes them, its embedded broker being plain TCP on loopback.
   */
  public static boolean isClientPropertyVariable(String variable) {
    String name = variable.endsWith(Env.FILE_SUFFIX)
        ? variable.substring(0, variable.length() - Env.FILE_SUFFIX.length()) : variable;
    String property = propertyOf(name);
    return property != null && !"bootstrap.servers".equals(property)
        && (name.equals(variable) || PASSWORDS.contains(property));
  }

  /** The client property {@code variable} names, or null when it names none (or is one of the hub's own). */
  static String propertyOf(String variable) {
    if (!variable.startsWith(PREFIX) || variable.equals("KAFKA_BOOTSTRAP_SERVERS")
        || variable.startsWith(TopicSettings.PREFIX)) {
      return null;
    }
    String property = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    return PRODUCER.contains(property) || CONSUMER.contains(property) || ADMIN.contains(property) ? property : null;
  }

  static void addProducer(Map<String, ? super String> config, Map<String, String> properties) {
    add(config, properties, PRODUCER);
  }

  static void addConsumer(Map<String, ? super String> config, Map<String, String> properties) {
    add(config, properties, CONSUMER);
  }

  static void addAdmin(Map<String, ? super String> config, Map<String, String> properties) {
    add(config, properties, ADMIN);
  }

  private static void add(Map<String, ? super String> config, Map<String, String> properties, Set<String> known) {
    properties.forEach((name, value) -> {
      if (known.contains(name)) {
        config.put(name, value);
      }
    });
  }

  private static Set<String> passwords() {
    Set<String> names = new TreeSet<>();
    for (ConfigDef def : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())) {
      def.configKeys().forEach((name, key) -> {
        if (key.type == ConfigDef.Type.PASSWORD) {
          names.add(name);
        }
      });
    }
    return Set.copyOf(names);
  }
}
