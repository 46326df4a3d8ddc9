package org.ahphub.hub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.sharing.SharingConfig;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.config.HubMode;
import org.ahphub.platform.identity.Secrets;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.platform.log.LogSettings;

/**
 * The one-command hub's settings, from the environment; every default runs on embedded infrastructure.
 *
 * <ul>
 *   <li>{@code HUB_DATA_DIR} (.hub-data): PostgreSQL and Kafka data; kept between runs
 *   <li>{@code HUB_POSTGRES_PORT} (15432), {@code HUB_KAFKA_PORT} (19092), {@code HUB_KAFKA_CONTROLLER_PORT} (19093)
 *   <li>{@code HUB_POSTGRES_SHARED_BUFFERS} (512MB): the embedded PostgreSQL's page cache
 *   <li>{@code LRS_HTTP_PORT} (8080), {@code MAPPER_HTTP_PORT} (8081), {@code CONNECTORS_HTTP_PORT} (8082)
 *   <li>{@code HUB_DEV_MODE} (true here, false in the standalone services): development mode. Everything
 *       listens on loopback only ({@code HUB_HTTP_HOST} 127.0.0.1), webhooks may use http and local
 *       addresses, and the key encryption key and public URL may be left unset. {@code HUB_DEV_MODE=false}
 *       runs the launcher as production: it then refuses to start without {@code HUB_KEY_ENCRYPTION_KEY} and
 *       {@code HUB_PUBLIC_URL}, and creates no development credential
 *   <li>{@code HUB_DEV_CREDENTIAL} (dev:dev-secret; development mode only): an all-scopes credential of the
 *       "Development Trust" (or in the file named by {@code HUB_DEV_CREDENTIAL_FILE}). Changing it replaces the one made before: a new secret for the same key
 *       replaces the old secret, a new key revokes the old key. Its secret is never printed
 * </ul>
 * Any other service variable (see each service's config record) passes through unchanged, except those for
 * managed PostgreSQL and Kafka ({@code PGSSLMODE}, {@code PGSSLROOTCERT}, Kafka client properties): the
 * embedded servers are plain TCP on loopback.
 */
public record HubConfig(Path dataDirectory, int postgresPort, String postgresSharedBuffers, int kafkaPort,
    int kafkaControllerPort, boolean devMode, String devCredential, Map<String, String> environment) {

  static final String DEFAULT_DEV_CREDENTIAL = "dev:dev-secret";

  /** The settings; an {@link IllegalArgumentException} names every missing or malformed one at once. */
  public static HubConfig fromEnv(Map<String, String> variables) {
    Env env = Env.of(variables);
    boolean devMode = env.bool("HUB_DEV_MODE", true);
    Map<String, String> withMode = new HashMap<>(variables);
    withMode.put("HUB_DEV_MODE", String.valueOf(devMode));
    List<String> problems = new ArrayList<>(SharingConfig.unsafeOutsideDevMode(withMode));
    String logging = LogSettings.problem(variables);
    if (logging != null) {
      problems.add(logging);
    }
    try {
      HubMode.fromEnv(Env.of(withMode));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    String devCredential = null;
    if (devMode) {
      try {
        devCredential = env.secret("HUB_DEV_CREDENTIAL", DEFAULT_DEV_CREDENTIAL);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        devCredential = DEFAULT_DEV_CREDENTIAL;
      }
      String[] keyAndSecret = devCredential.split(":", 2);
      if (keyAndSecret.length != 2 || keyAndSecret[0].isBlank() || keyAndSecret[1].isBlank()
          || Secrets.unusable(keyAndSecret[0], 256) != null || Secrets.unusable(keyAndSecret[1], 1024) != null) {
        problems.add("HUB_DEV_CREDENTIAL must be key:secret, without control characters");
      }
    } else if (env.isSet("HUB_DEV_CREDENTIAL")) {
      problems.add("HUB_DEV_CREDENTIAL is for development mode only; outside it, create credentials with the admin "
          + "API (or HUB_BOOTSTRAP_CREDENTIAL for the first one)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException((devMode ? "" : "refusing to start outside development mode: ")
          + String.join("; ", problems)
          + (devMode ? "" : ". (For a local trial only, leave HUB_DEV_MODE unset or true.)"));
    }
    return new HubConfig(
        Path.of(env.string("HUB_DATA_DIR", ".hub-data")).toAbsolutePath(),
        env.integer("HUB_POSTGRES_PORT", 15432),
        env.string("HUB_POSTGRES_SHARED_BUFFERS", "512MB"),
        env.integer("HUB_KAFKA_PORT", 19092),
        env.integer("HUB_KAFKA_CONTROLLER_PORT", 19093),
        devMode,
        devCredential,
        Map.copyOf(variables));
  }

  /** The development credential's key (never its secret); null outside development mode. */
  public String devCredentialKey() {
    return devCredential == null ? null : devCredential.split(":", 2)[0];
  }

  /** The environment the services see: the caller's, pointed at the embedded PostgreSQL and Kafka. */
  Map<String, String> serviceEnvironment(int postgresPort, String kafkaBootstrap) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", String.valueOf(postgresPort));
    env.put("PGDATABASE", "postgres");
    env.put("PGUSER", "postgres");
    env.put("PGPASSWORD", "");
    env.remove("PGPASSWORD" + Env.FILE_SUFFIX);
    // The embedded PostgreSQL and Kafka speak plain TCP on loopback: settings meant for managed services
    // (PGSSLMODE, KAFKA_SECURITY_PROTOCOL, SASL, …) in the caller's environment do not apply to them.
    env.put("PGSSLMODE", "disable");
    env.remove("PGSSLROOTCERT");
    env.keySet().removeIf(KafkaSettings::isClientPropertyVariable);
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
    // One embedded broker holds one copy of each partition, in development mode or not.
    env.put("KAFKA_TOPIC_REPLICATION_FACTOR", "1");
    env.put("KAFKA_TOPIC_MIN_INSYNC_REPLICAS", "1");
    env.put("HUB_DEV_MODE", String.valueOf(devMode));
    if (devMode) {
      // Development mode: loopback only, and the development credential is the one the LRS creates.
      env.putIfAbsent("HUB_HTTP_HOST", HubMode.LOOPBACK);
      env.put("HUB_BOOTSTRAP_CREDENTIAL", devCredential);
      env.remove("HUB_BOOTSTRAP_CREDENTIAL" + Env.FILE_SUFFIX);
    }
    return env;
  }

}
