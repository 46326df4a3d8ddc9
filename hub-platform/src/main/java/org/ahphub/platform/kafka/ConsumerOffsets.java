package org.ahphub.platform.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Committed offsets of consumer groups, for a consumer that takes over work another group did until now. */
public final class ConsumerOffsets {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerOffsets.class);

  private ConsumerOffsets() {}

  /**
   * Gives {@code group} the offsets {@code predecessor} committed on {@code topic}, once: only when
   * {@code group} has committed nothing yet and {@code predecessor} has. A new group then starts where the
   * work it takes over stopped instead of at the earliest record. Another instance seeding or consuming at
   * the same time wins; a failure is logged and leaves the group to start as it would have.
   *
   * @return whether offsets were copied
   */
  public static Future<Boolean> seed(Vertx vertx, KafkaSettings settings, String topic, String group,
      String predecessor) {
    return vertx.executeBlocking(() -> {
      try (Admin admin = Admin.create(settings.admin())) {
        if (!committed(admin, group, topic).isEmpty()) {
          return false;
        }
        Map<TopicPartition, OffsetAndMetadata> previous = committed(admin, predecessor, topic);
        if (previous.isEmpty()) {
          return false;
        }
        admin.alterConsumerGroupOffsets(group, previous).all().get();
        LOG.info("consumer group {} starts on {} where {} stopped: {}", group, topic, predecessor, previous);
        return true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof GroupNotEmptyException || e.getCause() instanceof UnknownMemberIdException) {
          return false; // another instance has joined the group already
        }
        LOG.warn("could not seed consumer group {} from {}: {}", group, predecessor, e.getCause().toString());
        return false;
      }
    });
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group, String topic)
      throws ExecutionException, InterruptedException {
    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
