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
    try {
      config = ConnectorsConfig.fromEnv(System.getenv());
      database = DatabaseConfig.fromEnv(Env.system());
    } catch (IllegalArgumentException e) {
      LOG.error("connectors import endpoint not started: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Pool pool = Databases.pool(vertx, database);
    BasicAuthenticator authenticator = new BasicAuthenticator(vertx, new PgCredentialStore(vertx, pool));
    Databases.prepareSchema(vertx, database, PgImportJobStore.SCHEMA)
        .compose(v -> vertx.deployVerticle(new ImportApiVerticle(config, authenticator, new PgImportJobStore(pool))))
        // undeployed before Vert.x closes, while the pool is open: its unfinished jobs are marked interrupted
        .onSuccess(id -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
