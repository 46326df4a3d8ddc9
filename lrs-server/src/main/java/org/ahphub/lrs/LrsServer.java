package org.ahphub.lrs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ahphub.events.Topics;
import org.ahphub.lrs.events.IdentityEventsVerticle;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.privacy.SubjectKeys;
import org.ahphub.lrs.events.StatementRelayVerticle;
import org.ahphub.lrs.http.LrsApiVerticle;
import org.ahphub.lrs.service.DocumentService;
import org.ahphub.lrs.service.PersonService;
import org.ahphub.lrs.service.StatementService;
import org.ahphub.lrs.store.pg.PgDocumentStore;
import org.ahphub.lrs.store.pg.PgPersonStore;
import org.ahphub.lrs.store.pg.PgStatementStore;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.PgCredentialStore;
import org.ahphub.platform.health.MigrationsCheck;
import org.ahphub.platform.health.Readiness;
import org.ahphub.platform.kafka.KafkaMonitor;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.ops.OperationsRoutes;
import org.ahphub.platform.ops.OperationsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LRS's composition root: migrate, wire store → service → HTTP, start the statement relay and the
 * consumer of the identifiers the competency mapper links to one person.
 */
public final class LrsServer {

  private static final Logger LOG = LoggerFactory.getLogger(LrsServer.class);
  public static final String SCHEMA = "lrs";

  private final Vertx vertx;
  private final Pool pool;
  private final LrsApiVerticle api;
  private final List<String> deployments;
  private final Readiness readiness;
  private final KafkaMonitor kafkaMonitor;

  private LrsServer(Vertx vertx, Pool pool, LrsApiVerticle api, List<String> deployments, Readiness readiness,
      KafkaMonitor kafkaMonitor) {
    this.vertx = vertx;
    this.pool = pool;
    this.api = api;
    this.deployments = deployments;
    this.readiness = readiness;
    this.kafkaMonitor = kafkaMonitor;
  }

  /** As {@link #start(Vertx, LrsConfig, OperationsSettings)} with the operations settings of the process's environment. */
  public static Future<LrsServer> start(Vertx vertx, LrsConfig config) {
    return start(vertx, config, OperationsSettings.fromEnv(System.getenv()));
  }

  public static Future<LrsServer> start(Vertx vertx, LrsConfig config, OperationsSettings operations) {
    Pool pool = Databases.pool(vertx, config.database(), "lrs");
    KafkaMonitor kafkaMonitor = new KafkaMonitor(vertx, config.kafka());
    Readiness readiness = new Readiness().with(Readiness.postgres(pool)).with(kafkaMonitor.readinessCheck())
        .with(MigrationsCheck.of(vertx, config.database(), List.of("identity", SCHEMA)));
    OperationsRoutes ops = OperationsRoutes.of(vertx, readiness, operations);
    LrsMetrics.register(ops.metrics(), pool);
    kafkaMonitor.watchLag(ops.metrics(), config.identityConsumerGroup());
    PgCredentialStore credentials = new PgCredentialStore(vertx, pool);
    StatementService statementService = new StatementService(new PgStatementStore(vertx, pool,
        config.writerTransactions(), () -> vertx.eventBus().publish(StatementRelayVerticle.WAKE_UP, null)));
    DocumentService documentService = new DocumentService(new PgDocumentStore(pool));
    PersonService personService = new PersonService(new PgPersonStore(pool));
    SubjectKeys subjectKeys = new SubjectKeys(pool, SecretBox.fromConfig(config.keyEncryptionKey()),
        config.subjectKeyCache());
    BasicAuthenticator authenticator = new BasicAuthenticator(vertx, credentials, config.auth());
    // One HTTP verticle per event loop shares the port: parsing and validating JSON uses every core.
    List<LrsApiVerticle> apis = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.function.IntFunction<LrsApiVerticle> apiOnPort = port -> {
      LrsApiVerticle instance = new LrsApiVerticle(config.httpHost(), port, statementService, documentService,
          personService, authenticator, java.util.Set.copyOf(config.corsOrigins()), ops);
      apis.add(instance);
      return instance;
    };
    List<String> deployments = new ArrayList<>();
    return Databases.prepareSchema(vertx, config.database(), "identity")
        .compose(v -> Databases.prepareSchema(vertx, config.database(), "privacy"))
        .compose(v -> Databases.prepareSchema(vertx, config.database(), SCHEMA))
        .compose(v -> bootstrapCredential(config, credentials))
        .compose(v -> org.ahphub.platform.kafka.KafkaTopics.ensure(vertx, config.kafka(),
                List.of(Topics.LRS_STATEMENTS, Topics.PASSPORT_IDENTITIES))
            .recover(e -> {
              // Kafka being away must not stop the LRS accepting statements: the statement table holds them for the relay.
              LOG.warn("could not create topics {} and {} now ({}); the relay will publish and the identity consumer "
                  + "read once Kafka is reachable", Topics.LRS_STATEMENTS, Topics.PASSPORT_IDENTITIES, e.toString());
              return Future.succeededFuture();
            }))
        .compose(v -> config.runOutboxRelay()
            ? vertx.deployVerticle(new StatementRelayVerticle(pool, config.kafka(),
                StatementRelayVerticle.Settings.defaults(), subjectKeys)).onSuccess(deployments::add).mapEmpty()
            : Future.succeededFuture())
        .compose(v -> vertx.deployVerticle(new IdentityEventsVerticle(config.kafka(), config.identityConsumerGroup(),
            personService, subjectKeys)).onSuccess(deployments::add))
        // Instances on one fixed port share it; with port 0 (tests) each would get its own port, so one.
        .compose(v -> vertx.deployVerticle(() -> apiOnPort.apply(config.httpPort()),
                new io.vertx.core.DeploymentOptions().setInstances(config.httpPort() == 0 ? 1 : config.httpInstances()))
            .onSuccess(deployments::add))
        .map(id -> {
          LrsApiVerticle api = apis.get(0);
          LOG.info("LRS listening on port {} ({} event loops)", api.actualPort(), apis.size());
          return new LrsServer(vertx, pool, api, deployments, readiness, kafkaMonitor);
        });
  }

  private static Future<Void> bootstrapCredential(LrsConfig config, PgCredentialStore credentials) {
    if (config.bootstrapCredential() == null) {
      return Future.succeededFuture();
    }
    String[] keyAndSecret = config.bootstrapCredential().split(":", 2);
    if (keyAndSecret.length != 2 || keyAndSecret[0].isBlank() || keyAndSecret[1].isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("HUB_BOOTSTRAP_CREDENTIAL must be key:secret"));
    }
    return credentials.ensure(config.bootstrapOrganisation(), "https://ahp-hub.org/organisations/dev",
        keyAndSecret[0], keyAndSecret[1], Set.of("all", "admin")).mapEmpty();
  }

  public int port() {
    return api.actualPort();
  }

  public Pool pool() {
    return pool;
  }

  /** Readiness fails from now on (the HTTP server still answers): the first step of stopping. */
  public void stopping() {
    readiness.stopping();
  }

  public Future<Void> stop() {
    readiness.stopping();
    List<Future<Void>> undeployed = deployments.stream().map(vertx::undeploy).toList();
    return Future.join(undeployed).eventually(kafkaMonitor::closeAsync).eventually(() -> pool.close()).mapEmpty();
  }
}
