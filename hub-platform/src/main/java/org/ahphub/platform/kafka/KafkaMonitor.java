package org.ahphub.platform.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ahphub.platform.health.CachedCheck;
import org.ahphub.platform.health.Readiness;
import org.ahphub.platform.metrics.ServiceMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One admin client per service for what operators ask of Kafka: is the broker reachable (readiness), and
 * how far behind are the service's consumer groups (metric {@code ahp_kafka_consumer_lag} by group, topic
 * and partition: the partition's end offset less the group's committed offset). Calls run on a worker with
 * a two-second limit; lag is read when {@code /metrics} is scraped.
 */
public final class KafkaMonitor implements AutoCloseable {

  private static final long TIMEOUT_MILLIS = 2_000;

  private final Vertx vertx;
  private final KafkaSettings settings;
  private final List<String> groups = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
  private final CachedCheck reachable;
  private Admin admin;
  private boolean closed;

  public KafkaMonitor(Vertx vertx, KafkaSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.reachable = new CachedCheck(() -> vertx.executeBlocking(() -> {
      admin().describeCluster().clusterId().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      return null;
    }, false), 5_000);
  }

  /** Readiness check "kafka": the cluster answers describeCluster (outcome kept five seconds). */
  public Readiness.Check readinessCheck() {
    return new Readiness.Check("kafka", reachable);
  }

  /** Publishes the lag of {@code groups} on {@code metrics}, refreshed before each scrape. */
  public void watchLag(ServiceMetrics metrics, String... watched) {
    boolean first = groups.isEmpty();
    groups.addAll(List.of(watched));
    if (first) {
      metrics.beforeScrape(() -> refreshLag(metrics));
    }
  }

  private Future<?> refreshLag(ServiceMetrics metrics) {
    return vertx.executeBlocking(() -> {
      Admin client = admin();
      for (String group : groups) {
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        if (latest.isEmpty()) {
          continue;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(latest).all()
            .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        committed.forEach((tp, offset) -> {
          if (offset == null || !ends.containsKey(tp)) {
            return;
          }
          long lag = Math.max(0, ends.get(tp).offset() - offset.offset());
          lags.computeIfAbsent(group + "\u0000" + tp, key -> {
            AtomicLong value = new AtomicLong();
            metrics.gauge("ahp.kafka.consumer.lag", "records on the partition the group has not committed yet",
                value::get, "group", group, "topic", tp.topic(), "partition", String.valueOf(tp.partition()));
            return value;
          }).set(lag);
        });
      }
      return null;
    }, false);
  }

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (admin == null) {
      admin = Admin.create(settings.admin());
    }
    return admin;
  }

  /** The groups watched. */
  public Set<String> groups() {
    return Set.copyOf(groups);
  }

  /** Closes the admin client on a worker (closing blocks). */
  public Future<Void> closeAsync() {
    return vertx.executeBlocking(() -> {
      close();
      return null;
    });
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(1));
      admin = null;
    }
  }
}
