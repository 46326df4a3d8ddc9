package org.ahphub.mapper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.ahphub.events.Topics;
import org.ahphub.mapper.events.CredentialEventsVerticle;
import org.ahphub.mapper.events.StatementEventsVerticle;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.http.PassportApiVerticle;
import org.ahphub.mapper.http.PassportRoutes;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.service.IdentifierAsserters;
import org.ahphub.mapper.http.PersonalDataRoutes;
import org.ahphub.mapper.store.pg.PgPassportPersonalData;
import org.ahphub.mapper.store.pg.PgPersonStore;
import org.ahphub.platform.privacy.ErasureVerticle;
import org.ahphub.platform.privacy.Erasures;
import org.ahphub.platform.privacy.PersonalData;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.identity.PgOrganisationDirectory;
import org.ahphub.platform.privacy.SubjectKeys;
import org.ahphub.mapper.store.pg.PgStores;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.PgCredentialStore;
import org.ahphub.platform.kafka.KafkaTopics;
import org.ahphub.platform.health.MigrationsCheck;
import org.ahphub.platform.health.Readiness;
import org.ahphub.platform.kafka.KafkaMonitor;
import org.ahphub.platform.ops.OperationsRoutes;
import org.ahphub.platform.ops.OperationsSettings;
import org.ahphub.platform.outbox.OutboxRelayVerticle;
import org.ahphub.sharing.PassportReader;
import org.ahphub.sharing.PassportSharing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The competency mapper's composition root: migrate, wire, consume, relay, serve. */
public final class CompetencyMapper {

  private static final Logger LOG = LoggerFactory.getLogger(CompetencyMapper.class);
  public static final String SCHEMA = "mapper";
  /** How often erasures left unfinished (a crash, a failed part) are run again. */
  static final java.time.Duration ERASURE_RESUME = java.time.Duration.ofMinutes(1);

  private final Vertx vertx;
  private final Pool pool;
  private final PassportApiVerticle api;
  private final List<String> deployments;
  private final Readiness readiness;
  private final KafkaMonitor kafkaMonitor;

  private CompetencyMapper(Vertx vertx, Pool pool, PassportApiVerticle api, List<String> deployments,
      Readiness readiness, KafkaMonitor kafkaMonitor) {
    this.vertx = vertx;
    this.pool = pool;
    this.api = api;
    this.deployments = deployments;
    this.readiness = readiness;
    this.kafkaMonitor = kafkaMonitor;
  }

  /** As {@link #start(Vertx, MapperConfig, OperationsSettings)} with the operations settings of the process's environment. */
  public static Future<CompetencyMapper> start(Vertx vertx, MapperConfig config) {
    return start(vertx, config, OperationsSettings.fromEnv(System.getenv()));
  }

  public static Future<CompetencyMapper> start(Vertx vertx, MapperConfig config, OperationsSettings operations) {
    Framework framework = Framework.load();
    Pool pool = Databases.pool(vertx, config.database(), "mapper");
    java.time.Clock clock = java.time.Clock.systemUTC();
    PassportService passports = new PassportService(framework,
        PgStores.on(pool, PassportService.attainment(framework, clock),
            PgPersonStore.MergeStep.of(PassportSharing::moveToSurvivor, PassportSharing::moveBack)), clock,
        config.fireSafetyRenewal(), IdentifierAsserters.of(new PgOrganisationDirectory(vertx, pool)));
    BasicAuthenticator authenticator = new BasicAuthenticator(vertx, new PgCredentialStore(vertx, pool),
        config.auth());
    Authorization authorization = new Authorization(authenticator);
    CredentialsWiring credentials = new CredentialsWiring(pool, config.credentials(), framework);
    // Personal data in Kafka events is sealed per subject (crypto-shredding): lrs.statements by the LRS, the
    // mapper's passport.identities by its outbox relay.
    SecretBox box = SecretBox.fromConfig(config.credentials().keyEncryptionKey());
    SubjectKeys subjectKeys = new SubjectKeys(pool, box, config.subjectKeyCache());
    // Passports as shown (the API, /me/passport): with the credentials an operator revoked marked as such, and the
    // person's names (only here: credentials and events never carry them).
    PassportReader revokedMarked = credentials.shownPassports(passports);
    PassportReader shown = personId -> revokedMarked.passport(personId)
        .compose(found -> passports.withNames(found, null)).compose(passports::withActions);
    PassportSharing sharing = new PassportSharing(vertx, pool, config.sharing(), shown,
        passports::personForSignIn, authenticator::forget);
    // What the hub holds about a person, part by part: the LRS's part is found on the class path (the hub's jar
    // carries every module; one database holds every schema).
    PgPassportPersonalData people = new PgPassportPersonalData(pool, shown::passport);
    List<PersonalData> personalData = PersonalData.inOrder(java.util.stream.Stream.concat(
        PersonalData.discover(new PersonalData.Context(vertx, pool, box)).stream(),
        java.util.stream.Stream.of(sharing.personalData(vertx, pool), people)).toList());
    Erasures erasures = new Erasures(pool, box, subjectKeys, personalData);
    List<ApiRoutes> routes = new ArrayList<>(List.of(
        new PassportRoutes(framework, passports, shown, sharing.access()),
        new org.ahphub.mapper.http.WebRoutes(),
        new org.ahphub.mapper.http.GapRoutes(passports, sharing.access(), sharing.learnerAuthentication()),
        new org.ahphub.mapper.http.CatalogueRoutes(passports),
        new org.ahphub.mapper.http.PersonRoutes(passports, sharing.access(), sharing.learnerAuthentication()),
        new PersonalDataRoutes(people, personalData, erasures, sharing.access(), sharing.learnerAuthentication())));
    routes.addAll(sharing.routes());
    routes.add(credentials.routes(passports, sharing.access(), sharing.learnerAuthentication()));
    KafkaMonitor kafkaMonitor = new KafkaMonitor(vertx, config.kafka());
    Readiness readiness = new Readiness().with(Readiness.postgres(pool)).with(kafkaMonitor.readinessCheck())
        .with(MigrationsCheck.of(vertx, config.database(), List.of("identity", SCHEMA)));
    OperationsRoutes ops = OperationsRoutes.of(vertx, readiness, operations);
    MapperMetrics.register(ops.metrics(), pool);
    kafkaMonitor.watchLag(ops.metrics(), config.consumerGroup(), config.consumerGroup() + "-credentials",
        PassportSharing.webhookConsumerGroup(config.consumerGroup()));
    PassportApiVerticle api = new PassportApiVerticle(config.httpHost(), config.httpPort(), authorization, routes, ops);
    List<String> deployments = new ArrayList<>();
    return Databases.prepareSchema(vertx, config.database(), "identity")
        .compose(v -> Databases.prepareSchema(vertx, config.database(), "privacy"))
        .compose(v -> Databases.prepareSchema(vertx, config.database(), SCHEMA))
        .compose(v -> KafkaTopics.ensure(vertx, config.kafka(),
            List.of(Topics.LRS_STATEMENTS, Topics.PASSPORT_UPDATES, Topics.PASSPORT_IDENTITIES)))
        .compose(v -> config.runOutboxRelay()
            ? vertx.deployVerticle(new OutboxRelayVerticle(pool, config.kafka(), SCHEMA,
                OutboxRelayVerticle.Settings.defaults(), subjectKeys, java.util.Set.of(Topics.PASSPORT_IDENTITIES)))
                .onSuccess(deployments::add).mapEmpty()
            : Future.succeededFuture())
        .compose(v -> vertx.deployVerticle(new StatementEventsVerticle(config.kafka(), config.consumerGroup(), passports,
            subjectKeys))
            .onSuccess(deployments::add))
        .compose(v -> vertx.deployVerticle(new org.ahphub.mapper.events.ExpiryVerticle(passports, 60_000))
            .onSuccess(deployments::add))
        .compose(v -> credentials.start())
        .compose(v -> vertx.deployVerticle(new CredentialEventsVerticle(config.kafka(),
            config.consumerGroup() + "-credentials", PassportSharing.webhookConsumerGroup(config.consumerGroup()),
            credentials.issuer))
            .onSuccess(deployments::add))
        .compose(v -> sharing.deploy(vertx, config.kafka(), config.consumerGroup()).onSuccess(deployments::addAll))
        .compose(v -> vertx.deployVerticle(new ErasureVerticle(erasures, ERASURE_RESUME.toMillis()))
            .onSuccess(deployments::add))
        .compose(v -> vertx.deployVerticle(api).onSuccess(deployments::add))
        .map(id -> {
          LOG.info("competency mapper listening on port {}", api.actualPort());
          return new CompetencyMapper(vertx, pool, api, deployments, readiness, kafkaMonitor);
        });
  }

  public int port() {
    return api.actualPort();
  }

  /** The HTTP routes served (for the test that checks their OpenAPI description). */
  public io.vertx.ext.web.Router router() {
    return api.router();
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
