package org.ahphub.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.http.ImportApiVerticle;
import org.ahphub.embedded.EmbeddedKafkaBroker;
import org.ahphub.embedded.EmbeddedPostgresServer;
import org.ahphub.lrs.LrsConfig;
import org.ahphub.lrs.LrsServer;
import org.ahphub.mapper.CompetencyMapper;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.identity.AuthSettings;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.PgCredentialStore;

/**
 * The whole hub in one JVM: embedded PostgreSQL and Kafka, the LRS, the competency mapper and the
 * connectors' upload endpoint.
 */
public final class Hub implements AutoCloseable {

  private final EmbeddedPostgresServer postgres;
  private final EmbeddedKafkaBroker kafka;
  private final Vertx vertx;
  private final LrsServer lrs;
  private final CompetencyMapper mapper;
  private final ImportApiVerticle imports;

  private Hub(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka, Vertx vertx, LrsServer lrs,
      CompetencyMapper mapper, ImportApiVerticle imports) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.vertx = vertx;
    this.lrs = lrs;
    this.mapper = mapper;
    this.imports = imports;
  }

  /** Starts everything and blocks until the hub serves requests. */
  public static Hub start(HubConfig config) {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(
        config.dataDirectory().resolve("postgres"), config.postgresPort(), true, config.postgresSharedBuffers());
    EmbeddedKafkaBroker kafka;
    try {
      kafka = EmbeddedKafkaBroker.start(config.dataDirectory().resolve("kafka"), config.kafkaPort(),
          config.kafkaControllerPort());
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    var environment = config.serviceEnvironment(postgres.port(), kafka.bootstrapServers());
    Vertx vertx = Vertx.vertx();
    try {
      LrsServer lrs = LrsServer.start(vertx, LrsConfig.fromEnv(environment)).await();
      CompetencyMapper mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(environment)).await();
      // Uploads are checked against the same credential table as the LRS, before their body is read.
      BasicAuthenticator uploaders = new BasicAuthenticator(vertx, new PgCredentialStore(vertx, lrs.pool()),
          AuthSettings.fromEnv(Env.of(environment)));
      ImportApiVerticle imports = new ImportApiVerticle(ConnectorsConfig.fromEnv(connectorsEnvironment(
          environment, lrs.port(), config)), uploaders);
      vertx.deployVerticle(imports).await();
      return new Hub(postgres, kafka, vertx, lrs, mapper, imports);
    } catch (RuntimeException e) {
      vertx.close().await();
      kafka.close();
      postgres.close();
      throw e;
    }
  }

  /** The upload endpoint posts to this hub's LRS and keeps its state beside the hub's data. */
  private static Map<String, String> connectorsEnvironment(Map<String, String> environment, int lrsPort,
      HubConfig config) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("LRS_URL", "http://127.0.0.1:" + lrsPort);
    env.putIfAbsent("CONNECTORS_STATE_DIR", config.dataDirectory().resolve("connectors").toString());
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

  /** Stops the services first (so nothing is mid-write), then Kafka, then PostgreSQL. */
  @Override
  public void close() {
    Future.join(mapper.stop(), lrs.stop()).eventually(vertx::close).await();
    kafka.close();
    postgres.close();
  }
}
