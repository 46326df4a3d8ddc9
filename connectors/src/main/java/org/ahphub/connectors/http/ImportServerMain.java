package org.ahphub.connectors.http;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.jobs.pg.PgImportJobStore;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.PgCredentialStore;
import org.ahphub.platform.health.Readiness;
import org.ahphub.platform.log.LogSettings;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.ops.OperationsSettings;
import org.ahphub.platform.ops.Shutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the upload endpoint on its own, posting to the LRS at {@code LRS_URL}. Callers are checked
 * against the hub's credential store, so it needs the LRS's database ({@code PGHOST}, {@code PGPORT},
 * {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}; see {@link DatabaseConfig}), where it keeps its
 * jobs, checkpoints and mappings too (schema {@code connectors}, migrated at start). Several of these
 * processes may share one database: each reports every job.
 */
public final class ImportServerMain {

  private static final Logger LOG = LoggerFactory.getLogger(ImportServerMain.class);

  private ImportServerMain() {}

  public static void main(String[] args) {
    ConnectorsConfig config;
    DatabaseConfig database;
    OperationsSettings operations;
    try {
      LogSettings.require(System.getenv());
      config = ConnectorsConfig.fromEnv(System.getenv());
      database = DatabaseConfig.fromEnv(Env.system());
      operations = OperationsSettings.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("connectors import endpoint not started: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Vertx vertx = HubMetrics.newVertx();
    Pool pool = Databases.pool(vertx, database, "connectors");
    BasicAuthenticator authenticator = new BasicAuthenticator(vertx, new PgCredentialStore(vertx, pool));
    Readiness readiness = new Readiness().with(Readiness.postgres(pool));
    Databases.prepareSchema(vertx, database, PgImportJobStore.SCHEMA)
        .compose(v -> vertx.deployVerticle(new ImportApiVerticle(config, authenticator, new PgImportJobStore(pool),
            readiness, operations)))
        // Unready first, so the load balancer stops sending; then undeployed before Vert.x closes, while the pool
        // is open: its unfinished jobs are marked interrupted.
        .onSuccess(id -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          readiness.stopping();
          Shutdown.pause(operations.shutdownGrace());
          try {
            vertx.undeploy(id).await();
          } finally {
            vertx.close().await();
          }
        })))
        .onFailure(e -> {
          LOG.error("connectors import endpoint failed to start", e);
          vertx.close();
          System.exit(1);
        });
  }
}
