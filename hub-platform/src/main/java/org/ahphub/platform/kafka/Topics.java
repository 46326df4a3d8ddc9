package org.ahphub.platform.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;

/**
 * The old name of {@link KafkaTopics}, kept only until lrs-server's {@code LrsServer} calls
 * {@code KafkaTopics.ensure}; it shared its name with {@link org.ahphub.events.Topics}, the topic names.
 */
@Deprecated(forRemoval = true)
public final class Topics {

  private Topics() {}

  public static Future<Void> ensure(Vertx vertx, KafkaSettings settings, Collection<String> names) {
    return KafkaTopics.ensure(vertx, settings, names);
  }
}
