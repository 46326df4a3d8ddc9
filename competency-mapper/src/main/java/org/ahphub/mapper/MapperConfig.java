package org.ahphub.mapper;

import java.util.Map;
import org.ahphub.mapper.access.SharingConfig;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.kafka.KafkaSettings;

/**
 * Everything the competency mapper reads from its environment.
 *
 * <ul>
 *   <li>{@code MAPPER_HTTP_PORT} (8081): passport and framework API
 *   <li>{@code MAPPER_CONSUMER_GROUP} (competency-mapper): Kafka consumer group on {@code lrs.statements}
 *   <li>{@code MAPPER_OUTBOX_RELAY} (true): run the {@code passport.updates} outbox relay in this process
 *   <li>the database ({@link DatabaseConfig}) and Kafka ({@link KafkaSettings}) variables
 *   <li>sharing: access, webhooks, credentials ({@link SharingConfig})
 * </ul>
 */
public record MapperConfig(int httpPort, String consumerGroup, boolean runOutboxRelay, DatabaseConfig database,
    KafkaSettings kafka, SharingConfig sharing) {

  public static MapperConfig fromEnv(Map<String, String> variables) {
    Env env = Env.of(variables);
    return new MapperConfig(
        env.integer("MAPPER_HTTP_PORT", 8081),
        env.string("MAPPER_CONSUMER_GROUP", "competency-mapper"),
        env.bool("MAPPER_OUTBOX_RELAY", true),
        DatabaseConfig.fromEnv(env),
        KafkaSettings.fromEnv(env),
        SharingConfig.fromEnv(variables));
  }
}
