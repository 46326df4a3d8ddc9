package org.ahphub.lrs;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.config.HubMode;
import org.ahphub.platform.identity.AuthSettings;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.kafka.KafkaSettings;

/**
 * Everything the LRS reads from its environment.
 *
 * <ul>
 *   <li>{@code LRS_HTTP_PORT} (8080): the xAPI endpoint is {@code http://host:port/xapi/}
 *   <li>{@code LRS_PUBLIC_URL} (http://localhost:8080): how clients reach the LRS, used in {@code more} links
 *   <li>{@code LRS_HTTP_INSTANCES} (number of cores): HTTP verticles sharing the port, one per event loop
 *       (one when the port is 0)
 *   <li>{@code LRS_OUTBOX_RELAY} (true): run the relay that publishes stored statements to Kafka in this process
 *       (any number of processes may; one publishes at a time)
 *   <li>{@code LRS_IDENTITY_CONSUMER_GROUP} (lrs-server): Kafka consumer group on {@code passport.identities},
 *       which keeps the identifiers the competency mapper links to one person (LRS processes sharing a
 *       database share the group)
 *   <li>{@code LRS_CORS_ORIGINS} (none): comma-separated origins (e.g. {@code https://content.example.org})
 *       answered with their own origin and credentials allowed; every other origin gets
 *       {@code Access-Control-Allow-Origin: *} without credentials, which is what xAPI content needs (it
 *       sends the Authorization header itself)
 *   <li>{@code HUB_BOOTSTRAP_CREDENTIAL} (unset): {@code key:secret} of an all-scopes credential for a
 *       first organisation ({@code HUB_BOOTSTRAP_ORGANISATION}, default "Development Trust"), created if missing;
 *       also readable from the file named by {@code HUB_BOOTSTRAP_CREDENTIAL_FILE}
 *   <li>{@code HUB_KEY_ENCRYPTION_KEY} (required outside development mode; or {@code HUB_KEY_ENCRYPTION_KEY_FILE}):
 *       base64 of 32 bytes; seals each learner's key for the personal data of {@code lrs.statements} events
 *       (crypto-shredding)
 *   <li>{@code HUB_SUBJECT_KEY_CACHE} (PT1M): how long a process keeps a learner's key it read
 *   <li>{@code LRS_WRITER_TRANSACTIONS} (1): statement-writing transactions one process keeps open at once, each
 *       storing every request that arrived meanwhile; more than one helps where PostgreSQL is many round trips
 *       away; at most {@code HUB_DB_POOL_SIZE}, and reads wait for connections the writer holds
 *   <li>the database ({@link DatabaseConfig}) and Kafka ({@link KafkaSettings}) variables
 * </ul>
 */
public record LrsConfig(
    int httpPort,
    int httpInstances,
    String publicUrl,
    boolean runOutboxRelay,
    String identityConsumerGroup,
    String bootstrapCredential,
    String bootstrapOrganisation,
    DatabaseConfig database,
    KafkaSettings kafka,
    List<String> corsOrigins,
    String httpHost,
    AuthSettings auth,
    String keyEncryptionKey,
    java.time.Duration subjectKeyCache,
    int writerTransactions) {

  public LrsConfig {
    corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    if (writerTransactions < 1 || writerTransactions > database.poolSize()) {
      throw new IllegalArgumentException("LRS_WRITER_TRANSACTIONS must be from 1 to HUB_DB_POOL_SIZE ("
          + database.poolSize() + "), got " + writerTransactions);
    }
  }

  public static LrsConfig fromEnv(Map<String, String> variables) {
    Env env = Env.of(variables);
    int port = env.integer("LRS_HTTP_PORT", 8080);
    return new LrsConfig(
        port,
        env.integer("LRS_HTTP_INSTANCES", Runtime.getRuntime().availableProcessors()),
        env.string("LRS_PUBLIC_URL", "http://localhost:" + port),
        env.bool("LRS_OUTBOX_RELAY", true),
        env.string("LRS_IDENTITY_CONSUMER_GROUP", "lrs-server"),
        env.secret("HUB_BOOTSTRAP_CREDENTIAL", null),
        env.string("HUB_BOOTSTRAP_ORGANISATION", "Development Trust"),
        DatabaseConfig.fromEnv(env),
        KafkaSettings.fromEnv(env),
        Arrays.stream(env.string("LRS_CORS_ORIGINS", "").split(",")).map(String::strip)
            .filter(origin -> !origin.isEmpty()).toList(),
        HubMode.fromEnv(env).httpHost(),
        AuthSettings.fromEnv(env),
        env.secret("HUB_KEY_ENCRYPTION_KEY", null),
        env.duration("HUB_SUBJECT_KEY_CACHE", org.ahphub.platform.privacy.SubjectKeys.CACHE_FOR),
        env.integer("LRS_WRITER_TRANSACTIONS", 1));
  }
}
