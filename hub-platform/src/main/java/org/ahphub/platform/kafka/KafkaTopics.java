package org.ahphub.platform.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Kafka topic administration: creates the hub's topics with the configured partition count when they do not
 * exist yet. (The topic names themselves are {@link org.ahphub.events.Topics}, in xapi-spec.)
 */
public final class KafkaTopics {

  private KafkaTopics() {}

  public static Future<Void> ensure(Vertx vertx, KafkaSettings settings, Collection<String> names) {
    return vertx.executeBlocking(() -> {
      try (Admin admin = Admin.create(settings.admin())) {
        var topics = names.stream().map(name -> new NewTopic(name, settings.topicPartitions(), (short) -1)).toList();
        try {
          admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          // Some existed already: create the rest one by one.
          for (NewTopic topic : topics) {
            try {
              admin.createTopics(java.util.List.of(topic)).all().get();
            } catch (ExecutionException exists) {
              if (!(exists.getCause() instanceof TopicExistsException)) {
                throw exists;
              }
            }
          }
        }
      }
      return null;
    });
  }
}
