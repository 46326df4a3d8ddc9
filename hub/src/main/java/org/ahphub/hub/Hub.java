package org.ahphub.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.http.ImportApiVerticle;
import org.ahphub.connectors.jobs.pg.PgImportJobStore;
import org.ahphub.embedded.EmbeddedKafkaBroker;
import org.ahphub.embedded.EmbeddedPostgresServer;
import org.ahphub.lrs.LrsConfig;
import org.ahphub.lrs.LrsServer;
import org.ahphub.mapper.CompetencyMapper;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.identity.AuthSettings;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.PgCredentialStore;
import org.ahphub.platform.identity.PgOrganisationDirectory;
import org.ahphub.platform.log.LogText;
import org.ahphub.platform.health.Readiness;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.ops.OperationsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole hub in one JVM: embedded PostgreSQL and Kafka, the LRS, the competency mapper and the
 * connectors' upload endpoint.
 */
public final class Hub implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  static final String DEV_CREDENTIAL_KEY_FILE = "dev-credential-key";

  private final HubConfig config;
  private EmbeddedPostgresServer postgres;
  private final EmbeddedKafkaBroker kafka;
  private final Vertx vertx;
  private final LrsServer lrs;
  private final CompetencyMapper mapper;
  private final ImportApiVerticle imports;
  private final String importsDeployment;

  private Hub(HubConfig config, EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka, Vertx vertx, LrsServer lrs,
      CompetencyMapper mapper, ImportApiVerticle imports, String importsDeployment) {
    this.config = config;
    this.postgres = postgres;
    this.kafka = kafka;
    this.vertx = vertx;
    this.lrs = lrs;
    this.mapper = mapper;
    this.imports = imports;
    this.importsDeployment = importsDeployment;
  }

  /** Starts everything and blocks until the hub serves requests; PostgreSQL also stops when the JVM exits. */
  public static Hub start(HubConfig config) {
    return start(config, true);
  }

  /**
   * As above; with {@code stopPostgresOnJvmExit=false} only {@link #close} stops PostgreSQL, so a shutdown
   * hook that calls it stops the services before the database they are draining into.
   */
  public static Hub start(HubConfig config, boolean stopPostgresOnJvmExit) {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(config.dataDirectory().resolve("postgres"),
        config.postgresPort(), true, config.postgresSharedBuffers(), Map.of(), stopPostgresOnJvmExit);
    EmbeddedKafkaBroker kafka;
    try {
      kafka = EmbeddedKafkaBroker.start(config.dataDirectory().resolve("kafka"), config.kafkaPort(),
          config.kafkaControllerPort());
    } catch (RuntimeException | Error e) {
      // e.g. Kafka's classes, first loaded here, cannot register their shutdown hook while the JVM stops
      postgres.close();
      throw e;
    }
    var environment = config.serviceEnvironment(postgres.port(), kafka.bootstrapServers());
    Vertx vertx = null;
    try {
      // One process, one registry: each service's /metrics serves the series of all three. (Creating Vert.x
      // fails if the JVM is already stopping: PostgreSQL and Kafka must still be stopped then.)
      vertx = HubMetrics.newVertx();
      OperationsSettings operations = OperationsSettings.fromEnv(environment);
      LrsServer lrs = LrsServer.start(vertx, LrsConfig.fromEnv(environment), operations).await();
      CompetencyMapper mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(environment), operations).await();
      if (config.devMode()) {
        replacePreviousDevCredential(vertx, lrs, config);
      }
      // Uploads are checked against the same credential table as the LRS, before their body is read.
      BasicAuthenticator uploaders = new BasicAuthenticator(vertx, new PgCredentialStore(vertx, lrs.pool()),
          AuthSettings.fromEnv(Env.of(environment)));
      // Import jobs, checkpoints and mappings live in the same database, schema connectors.
      Databases.prepareSchema(vertx, DatabaseConfig.fromEnv(Env.of(environment)), PgImportJobStore.SCHEMA).await();
      ImportApiVerticle imports = new ImportApiVerticle(ConnectorsConfig.fromEnv(connectorsEnvironment(
          environment, lrs.port(), config)), uploaders, new PgImportJobStore(lrs.pool()),
          new Readiness().with(Readiness.postgres(lrs.pool())), operations);
      String importsDeployment = vertx.deployVerticle(imports).await();
      return new Hub(config, postgres, kafka, vertx, lrs, mapper, imports, importsDeployment);
    } catch (RuntimeException | Error e) {
      if (vertx != null) {
        vertx.close().await();
      }
      kafka.close();
      postgres.close();
      throw e;
    }
  }

  /**
   * The LRS has just made sure the development credential exists with its current secret (a new secret
   * for the same key replaces the old). A different key than the last start's revokes the old key, so
   * changing HUB_DEV_CREDENTIAL never leaves the old one working. The key in use is kept in
   * {@code <data>/dev-credential-key}; a data directory from before that file was kept had the default key.
   */
  private static void replacePreviousDevCredential(Vertx vertx, LrsServer lrs, HubConfig config) {
    Path remembered = config.dataDirectory().resolve(DEV_CREDENTIAL_KEY_FILE);
    String current = config.devCredentialKey();
    try {
      String previous = Files.exists(remembered) ? Files.readString(remembered).strip()
          : HubConfig.DEFAULT_DEV_CREDENTIAL.split(":", 2)[0];
      if (!previous.isEmpty() && !previous.equals(current)) {
        boolean revoked = new PgOrganisationDirectory(vertx, lrs.pool()).revoke(previous).await();
        if (revoked) {
          LOG.info("the previous development credential (key {}) is revoked: HUB_DEV_CREDENTIAL names another key",
              LogText.of(previous));
        }
      }
      Files.writeString(remembered, current + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the development credential's key in " + remembered, e);
    }
  }

  /** The upload endpoint posts to this hub's LRS (its state is in the hub's PostgreSQL). */
  private static Map<String, String> connectorsEnvironment(Map<String, String> environment, int lrsPort,
      HubConfig config) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("LRS_URL", "http://127.0.0.1:" + lrsPort);
    return env;
  }

  public int importsPort() {
    return imports.actualPort();
  }

  public int lrsPort() {
    return lrs.port();
  }

  public int mapperPort() {
    return mapper.port();
  }

  public int postgresPort() {
    return postgres.port();
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Stops the embedded PostgreSQL (an outage, for tests); {@link #startPostgres} brings it back on the same port. */
  synchronized void stopPostgres() {
    postgres.close();
  }

  synchronized void startPostgres() {
    postgres = EmbeddedPostgresServer.start(config.dataDirectory().resolve("postgres"), postgres.port(), true,
        config.postgresSharedBuffers());
  }

  /**
   * Stops the services first (so nothing is mid-write; the upload endpoint first of all, while the database
   * is there to mark its unfinished imports interrupted), then Kafka, then PostgreSQL.
   */
  @Override
  public void close() {
    try {
      vertx.undeploy(importsDeployment).await();
    } catch (RuntimeException e) {
      LOG.warn("the upload endpoint did not stop cleanly: {}", e.toString());
    }
    Future.join(mapper.stop(), lrs.stop()).eventually(vertx::close).await();
    kafka.close();
    postgres.close();
  }
}
