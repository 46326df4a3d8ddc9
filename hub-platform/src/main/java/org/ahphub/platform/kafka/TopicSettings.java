package org.ahphub.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ahphub.events.Topics;
import org.ahphub.platform.config.Env;

/**
 * How the hub creates its topics: partitions, replication factor, {@code min.insync.replicas}, retention and
 * clean-up policy, for all topics and per topic.
 *
 * <ul>
 *   <li>{@code KAFKA_TOPIC_PARTITIONS} (12; 4 in development mode): partitions of every topic. The partition count
 *       bounds how many consumers of a group share the work (the competency mapper's parallelism), and it cannot
 *       be changed once events flow: a learner's key would then hash to another partition, and their events
 *       could be read out of order
 *   <li>{@code KAFKA_TOPIC_REPLICATION_FACTOR} (3; 1 in development mode): copies of each partition
 *   <li>{@code KAFKA_TOPIC_MIN_INSYNC_REPLICAS} (2; 1 in development mode): copies that must have a record before
 *       the broker acknowledges it (the producers use {@code acks=all}), so one broker can fail without losing
 *       an acknowledged event
 *   <li>per topic, {@code KAFKA_TOPIC_<TOPIC>_<SETTING>}, where {@code <TOPIC>} is the topic's name in capitals
 *       with {@code _} for {@code .} ({@code LRS_STATEMENTS}, {@code PASSPORT_UPDATES}, {@code PASSPORT_IDENTITIES},
 *       {@code LRS_STATEMENTS_DLQ}) and {@code <SETTING>} one of {@code PARTITIONS}, {@code REPLICATION_FACTOR},
 *       {@code MIN_INSYNC_REPLICAS}, {@code RETENTION_MS} (-1: kept for ever) and {@code CLEANUP_POLICY}
 *       ({@code delete}, {@code compact} or {@code compact,delete})
 * </ul>
 * Defaults per topic: {@code lrs.statements} kept for ever (the passports can be rebuilt from it);
 * {@code passport.updates} kept 30 days (its consumers commit after their database write, so this is how
 * long one may be stopped without missing an update); {@code passport.identities} compacted (the latest
 * snapshot per person is kept for ever, so a new LRS instance reads every person's identifiers);
 * {@code lrs.statements.dlq} kept 90 days. Any other topic gets the general settings.
 */
public record TopicSettings(Map<String, Topic> topics, Topic general) {

  public static final String PREFIX = "KAFKA_TOPIC_";
  public static final Duration PASSPORT_UPDATES_RETENTION = Duration.ofDays(30);
  public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(90);
  private static final List<String> KNOWN = List.of(Topics.LRS_STATEMENTS, Topics.PASSPORT_UPDATES,
      Topics.PASSPORT_IDENTITIES, Topics.LRS_STATEMENTS_DEAD_LETTERS);
  private static final List<String> SETTINGS = List.of("PARTITIONS", "REPLICATION_FACTOR", "MIN_INSYNC_REPLICAS",
      "RETENTION_MS", "CLEANUP_POLICY");
  private static final Set<String> CLEANUP_POLICIES = Set.of("delete", "compact", "compact,delete", "delete,compact");

  /**
   * One topic as the hub creates it; {@code configs} are topic-level configs ({@code min.insync.replicas},
   * {@code retention.ms}, {@code cleanup.policy}).
   */
  public record Topic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public Topic {
      configs = Map.copyOf(configs);
    }

    public int minInsyncReplicas() {
      return Integer.parseInt(configs.getOrDefault("min.insync.replicas", "1"));
    }
  }

  public TopicSettings {
    topics = Map.copyOf(topics);
  }

  /** Every topic with {@code partitions}, one replica and the per-topic defaults (tests, the embedded broker). */
  public static TopicSettings singleBroker(int partitions) {
    return fromEnv(Env.of(Map.of("KAFKA_TOPIC_PARTITIONS", String.valueOf(partitions),
        "KAFKA_TOPIC_REPLICATION_FACTOR", "1", "KAFKA_TOPIC_MIN_INSYNC_REPLICAS", "1")), true);
  }

  /** The settings; an {@link IllegalArgumentException} names every malformed or unknown variable at once. */
  public static TopicSettings fromEnv(Env env, boolean devMode) {
    List<String> problems = new ArrayList<>();
    int partitions = positive(env, "KAFKA_TOPIC_PARTITIONS", devMode ? 4 : 12, problems);
    int replication = positive(env, "KAFKA_TOPIC_REPLICATION_FACTOR", devMode ? 1 : 3, problems);
    int minInsync = positive(env, "KAFKA_TOPIC_MIN_INSYNC_REPLICAS", devMode ? 1 : 2, problems);
    Map<String, String> generalConfigs = Map.of("min.insync.replicas", String.valueOf(minInsync));
    Topic general = new Topic("*", partitions, (short) replication, generalConfigs);
    Map<String, Topic> topics = new LinkedHashMap<>();
    List<String> known = new ArrayList<>(List.of("KAFKA_TOPIC_PARTITIONS", "KAFKA_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TOPIC_MIN_INSYNC_REPLICAS"));
    for (String name : KNOWN) {
      String prefix = PREFIX + variablePart(name) + "_";
      SETTINGS.forEach(setting -> known.add(prefix + setting));
      Map<String, String> configs = new TreeMap<>(defaultConfigs(name));
      int topicReplication = positive(env, prefix + "REPLICATION_FACTOR", replication, problems);
      int topicMinInsync = positive(env, prefix + "MIN_INSYNC_REPLICAS", Math.min(minInsync, topicReplication),
          problems);
      if (topicMinInsync > topicReplication) {
        problems.add(prefix + "MIN_INSYNC_REPLICAS (" + topicMinInsync + ") is more than the replication factor ("
            + topicReplication + "): no write could ever be acknowledged");
      }
      configs.put("min.insync.replicas", String.valueOf(topicMinInsync));
      String retention = env.string(prefix + "RETENTION_MS", null);
      if (retention != null) {
        try {
          long ms = Long.parseLong(retention);
          if (ms < -1) {
            throw new NumberFormatException();
          }
          configs.put("retention.ms", String.valueOf(ms));
        } catch (NumberFormatException e) {
          problems.add(prefix + "RETENTION_MS must be milliseconds, or -1 for ever, got '" + retention + "'");
        }
      }
      String cleanup = env.string(prefix + "CLEANUP_POLICY", null);
      if (cleanup != null) {
        String policy = cleanup.replace(" ", "").toLowerCase(Locale.ROOT);
        if (CLEANUP_POLICIES.contains(policy)) {
          configs.put("cleanup.policy", policy);
        } else {
          problems.add(prefix + "CLEANUP_POLICY must be delete, compact or compact,delete, got '" + cleanup + "'");
        }
      }
      topics.put(name, new Topic(name, positive(env, prefix + "PARTITIONS", partitions, problems),
          (short) topicReplication, configs));
    }
    if (minInsync > replication) {
      problems.add("KAFKA_TOPIC_MIN_INSYNC_REPLICAS (" + minInsync + ") is more than KAFKA_TOPIC_REPLICATION_FACTOR ("
          + replication + "): no write could ever be acknowledged");
    }
    for (String variable : env.startingWith(PREFIX).keySet()) {
      if (!known.contains(variable)) {
        problems.add(variable + " is not a topic setting: the topics are " + String.join(", ", KNOWN.stream()
            .map(TopicSettings::variablePart).toList()) + " and the settings " + String.join(", ", SETTINGS));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new TopicSettings(topics, general);
  }

  /** How {@code name} is created: its own settings, or the general ones for a topic the hub does not know. */
  public Topic topic(String name) {
    Topic known = topics.get(name);
    return known != null ? known : new Topic(name, general.partitions(), general.replicationFactor(), general.configs());
  }

  /** {@code lrs.statements} → {@code LRS_STATEMENTS}. */
  static String variablePart(String topic) {
    return topic.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Map<String, String> defaultConfigs(String topic) {
    return switch (topic) {
      case Topics.LRS_STATEMENTS -> Map.of("cleanup.policy", "delete", "retention.ms", "-1");
      case Topics.PASSPORT_UPDATES -> Map.of("cleanup.policy", "delete",
          "retention.ms", String.valueOf(PASSPORT_UPDATES_RETENTION.toMillis()));
      case Topics.PASSPORT_IDENTITIES -> Map.of("cleanup.policy", "compact");
      case Topics.LRS_STATEMENTS_DEAD_LETTERS -> Map.of("cleanup.policy", "delete",
          "retention.ms", String.valueOf(DEAD_LETTER_RETENTION.toMillis()));
      default -> Map.of();
    };
  }

  private static int positive(Env env, String name, int defaultValue, List<String> problems) {
    try {
      int value = env.integer(name, defaultValue);
      if (value < 1 || value > Short.MAX_VALUE) {
        problems.add(name + " must be at least 1, got " + value);
        return defaultValue;
      }
      return value;
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return defaultValue;
    }
  }
}
