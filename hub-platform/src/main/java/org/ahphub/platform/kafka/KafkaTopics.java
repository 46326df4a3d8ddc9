package org.ahphub.platform.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.ahphub.platform.kafka.TopicSettings.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka topic administration: creates the hub's topics as {@link TopicSettings} describes them when they do not
 * exist yet, and brings the topic-level configs (retention, clean-up policy, {@code min.insync.replicas}) of
 * existing ones to the configured values. Partitions and replicas of an existing topic are never changed (a
 * different partition count would reorder a learner's events); a difference is logged as a warning.
 * (The topic names themselves are {@link org.ahphub.events.Topics}, in xapi-spec.)
 *
 * <p>A cluster of a single broker (the embedded one, a developer's) cannot hold more than one copy: topics are
 * created there with one replica and {@code min.insync.replicas=1}, with a warning. On a larger cluster with
 * fewer brokers than the replication factor, creating a topic fails and says so.
 */
public final class KafkaTopics {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

  private KafkaTopics() {}

  public static Future<Void> ensure(Vertx vertx, KafkaSettings settings, Collection<String> names) {
    return vertx.executeBlocking(() -> {
      try (Admin admin = Admin.create(settings.admin())) {
        int brokers = admin.describeCluster().nodes().get().size();
        List<Topic> wanted = names.stream().map(name -> fitted(settings.topics().topic(name), brokers)).toList();
        Set<String> existing = admin.listTopics().names().get();
        for (Topic topic : wanted) {
          if (existing.contains(topic.name()) || !create(admin, topic)) {
            reconcile(admin, topic);
          }
        }
      }
      return null;
    });
  }

  /** {@code topic} as a cluster of {@code brokers} can hold it. */
  static Topic fitted(Topic topic, int brokers) {
    if (brokers >= topic.replicationFactor()) {
      return topic;
    }
    if (brokers == 1) {
      LOG.warn("topic {}: the cluster has a single broker, so one replica and min.insync.replicas=1 "
          + "(configured: {} replicas); fine for development, not for production", topic.name(),
          topic.replicationFactor());
      Map<String, String> configs = new HashMap<>(topic.configs());
      configs.put("min.insync.replicas", "1");
      return new Topic(topic.name(), topic.partitions(), (short) 1, configs);
    }
    throw new IllegalStateException("topic " + topic.name() + " needs " + topic.replicationFactor()
        + " replicas (KAFKA_TOPIC_REPLICATION_FACTOR) but the cluster has " + brokers + " brokers");
  }

  /** Creates {@code topic}; false when another process created it first. */
  private static boolean create(Admin admin, Topic topic) throws Exception {
    try {
      admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor())
          .configs(topic.configs()))).all().get();
      LOG.info("topic {} created: {} partitions, {} replicas, {}", topic.name(), topic.partitions(),
          topic.replicationFactor(), topic.configs());
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }

  /** Warns about partitions and replicas that differ, and sets the topic configs that differ. */
  private static void reconcile(Admin admin, Topic topic) {
    try {
      TopicDescription description = admin.describeTopics(List.of(topic.name())).allTopicNames().get()
          .get(topic.name());
      int partitions = description.partitions().size();
      int replicas = description.partitions().get(0).replicas().size();
      if (partitions != topic.partitions() || replicas != topic.replicationFactor()) {
        LOG.warn("topic {} has {} partitions and {} replicas; the settings say {} and {}. Existing topics are not "
            + "repartitioned (a learner's events would be reordered): see docs/operations.md", topic.name(),
            partitions, replicas, topic.partitions(), topic.replicationFactor());
      }
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
      var current = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      List<AlterConfigOp> changes = new ArrayList<>();
      topic.configs().forEach((name, value) -> {
        ConfigEntry entry = current.get(name);
        if (entry == null || !value.equals(entry.value())) {
          changes.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
        }
      });
      if (!changes.isEmpty()) {
        admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get();
        LOG.info("topic {}: configs set to {}", topic.name(),
            changes.stream().map(op -> op.configEntry().name() + "=" + op.configEntry().value()).toList());
      }
    } catch (Exception e) {
      // Managed clusters may not let the hub describe or alter configs: the topic works as it is.
      LOG.warn("topic {}: could not check or set its configs ({}); set them with kafka-configs.sh if needed",
          topic.name(), e.toString());
    }
  }
}
