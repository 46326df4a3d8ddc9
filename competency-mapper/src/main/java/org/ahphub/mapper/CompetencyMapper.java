package org.ahphub.mapper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.ahphub.events.Topics;
import org.ahphub.mapper.events.StatementEventsVerticle;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.http.Authorization;
import org.ahphub.mapper.http.PassportApiVerticle;
import org.ahphub.mapper.http.PassportRoutes;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.store.pg.PgPassportStore;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.PgCredentialStore;
import org.ahphub.platform.outbox.OutboxRelayVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The competency mapper's composition root: migrate, wire, consume, relay, serve. */
public final class CompetencyMapper {

  private static final Logger LOG = LoggerFactory.getLogger(CompetencyMapper.class);
  public static final String SCHEMA = "mapper";

  private final Vertx vertx;
  private final Pool pool;
  private final PassportApiVerticle api;
  private final List<String> deployments;

  private CompetencyMapper(Vertx vertx, Pool pool, PassportApiVerticle api, List<String> deployments) {
    this.vertx = vertx;
    this.pool = pool;
    this.api = api;
    this.deployments = deployments;
  }

  public static Future<CompetencyMapper> start(Vertx vertx, MapperConfig config) {
    Framework framework = Framework.load();
    Pool pool = Databases.pool(vertx, config.database());
    PassportService passports = new PassportService(framework, new PgPassportStore(pool));
    Authorization authorization = new Authorization(new BasicAuthenticator(vertx, new PgCredentialStore(vertx, pool)));
    PassportApiVerticle api = new PassportApiVerticle(config.httpPort(), authorization, List.of(
        new PassportRoutes(framework, passports)));
    List<String> deployments = new ArrayList<>();
    return Databases.migrate(vertx, config.database(), "identity")
        .compose(v -> Databases.migrate(vertx, config.database(), SCHEMA))
        .compose(v -> org.ahphub.platform.kafka.Topics.ensure(vertx, config.kafka(),
            List.of(Topics.LRS_STATEMENTS, Topics.PASSPORT_UPDATES)))
        .compose(v -> config.runOutboxRelay()
            ? vertx.deployVerticle(new OutboxRelayVerticle(pool, config.kafka(), SCHEMA,
                OutboxRelayVerticle.Settings.defaults())).onSuccess(deployments::add).mapEmpty()
            : Future.succeededFuture())
        .compose(v -> vertx.deployVerticle(new StatementEventsVerticle(config.kafka(), config.consumerGroup(), passports))
            .onSuccess(deployments::add))
        .compose(v -> vertx.deployVerticle(api).onSuccess(deployments::add))
        .map(id -> {
          LOG.info("competency mapper listening on port {}", api.actualPort());
          return new CompetencyMapper(vertx, pool, api, deployments);
        });
  }

  public int port() {
    return api.actualPort();
  }

  public Pool pool() {
    return pool;
  }

  public Future<Void> stop() {
    List<Future<Void>> undeployed = deployments.stream().map(vertx::undeploy).toList();
    return Future.join(undeployed).eventually(() -> pool.close()).mapEmpty();
  }
}
