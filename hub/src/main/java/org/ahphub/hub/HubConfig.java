package org.ahphub.hub;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ahphub.platform.config.Env;

/**
 * The one-command hub's settings, from the environment; every default runs on embedded infrastructure.
 *
 * <ul>
 *   <li>{@code HUB_DATA_DIR} (.hub-data): PostgreSQL and Kafka data; kept between runs
 *   <li>{@code HUB_POSTGRES_PORT} (15432), {@code HUB_KAFKA_PORT} (19092), {@code HUB_KAFKA_CONTROLLER_PORT} (19093)
 *   <li>{@code HUB_POSTGRES_SHARED_BUFFERS} (512MB): the embedded PostgreSQL's page cache
 *   <li>{@code LRS_HTTP_PORT} (8080), {@code MAPPER_HTTP_PORT} (8081), {@code CONNECTORS_HTTP_PORT} (8082)
 *   <li>{@code HUB_DEV_MODE} (true here, false in the standalone services): webhooks may use http and local addresses
 *   <li>{@code HUB_DEV_CREDENTIAL} (dev:dev-secret): an all-scopes credential of the "Development Trust",
 *       created on first start. Development only: set your own before exposing the hub.
 * </ul>
 * Any other service variable (see each service's config record) passes through unchanged.
 */
public record HubConfig(Path dataDirectory, int postgresPort, String postgresSharedBuffers, int kafkaPort,
    int kafkaControllerPort, String devCredential, Map<String, String> environment) {

  public static HubConfig fromEnv(Map<String, String> variables) {
    Env env = Env.of(variables);
    return new HubConfig(
        Path.of(env.string("HUB_DATA_DIR", ".hub-data")).toAbsolutePath(),
        env.integer("HUB_POSTGRES_PORT", 15432),
        env.string("HUB_POSTGRES_SHARED_BUFFERS", "512MB"),
        env.integer("HUB_KAFKA_PORT", 19092),
        env.integer("HUB_KAFKA_CONTROLLER_PORT", 19093),
        env.string("HUB_DEV_CREDENTIAL", "dev:dev-secret"),
        Map.copyOf(variables));
  }

  /** The environment the services see: the caller's, pointed at the embedded PostgreSQL and Kafka. */
  Map<String, String> serviceEnvironment(int postgresPort, String kafkaBootstrap) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", String.valueOf(postgresPort));
    env.put("PGDATABASE", "postgres");
    env.put("PGUSER", "postgres");
    env.put("PGPASSWORD", "");
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
    env.putIfAbsent("HUB_BOOTSTRAP_CREDENTIAL", devCredential);
    // The one-command hub is for development: webhooks may call http://localhost receivers.
    env.putIfAbsent("HUB_DEV_MODE", "true");
    return env;
  }
}
