package org.ahphub.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connection pools and versioned schema migrations. */
public final class Databases {

  private static final Logger LOG = LoggerFactory.getLogger(Databases.class);

  private Databases() {}

  public static Pool pool(Vertx vertx, DatabaseConfig config) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setDatabase(config.database())
        .setUser(config.user())
        .setPassword(config.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.poolSize()).setMaxWaitQueueSize(10_000))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * Applies the Flyway migrations under {@code classpath:db/<schema>} to that schema. Flyway is
   * blocking JDBC, so it runs on a worker thread; concurrent starters are serialised by Flyway's lock.
   */
  public static Future<Void> migrate(Vertx vertx, DatabaseConfig config, String schema) {
    return vertx.executeBlocking(() -> {
      Flyway flyway = Flyway.configure()
          .dataSource(config.jdbcUrl(), config.user(), config.password())
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .locations("classpath:db/" + schema)
          .load();
      var result = flyway.migrate();
      LOG.info("schema {} at version {} ({} migrations applied now)", schema,
          flyway.info().current().getVersion(), result.migrationsExecuted);
      return null;
    });
  }
}
