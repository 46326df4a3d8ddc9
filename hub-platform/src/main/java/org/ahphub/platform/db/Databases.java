package org.ahphub.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connection pools and versioned schema migrations. */
public final class Databases {

  private static final Logger LOG = LoggerFactory.getLogger(Databases.class);

  private static final String CUSTOM_PLANS = SqlResources.load("sql/db/custom-plans.sql");

  /** Far above the longest statement the hub prepares. */
  private static final int MAX_CACHED_SQL_LENGTH = 64 * 1024;

  private Databases() {}

  public static Pool pool(Vertx vertx, DatabaseConfig config) {
    return pool(vertx, config, PoolOptions.DEFAULT_NAME);
  }

  /** A pool named {@code name} in the metrics ({@code vertx_pool_*{pool_type="sql",pool_name=...}}). */
  public static Pool pool(Vertx vertx, DatabaseConfig config, String name) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.poolSize()).setMaxWaitQueueSize(10_000).setName(name))
        .connectingTo(connectOptions(config))
        .using(vertx)
        .build();
  }

  /**
   * Every statement is prepared once per connection, however long: the client's default leaves
   * statements over 2,048 characters out of its cache, and PostgreSQL then parsed and planned the
   * LRS's statement-storing SQL and the webhook claim on every execution.
   */
  private static PgConnectOptions connectOptions(DatabaseConfig config) {
    return new PgConnectOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setDatabase(config.database())
        .setUser(config.user())
        .setPassword(config.password())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheSqlLimit(MAX_CACHED_SQL_LENGTH)
        .setPipeliningLimit(256);
  }

  /**
   * Makes the rest of {@code connection}'s transaction plan each statement for its parameters (see
   * {@code sql/db/custom-plans.sql}). Sent ahead of the transaction's statements, it costs no round trip
   * of its own.
   */
  public static Future<Void> planForParameters(SqlConnection connection) {
    return connection.preparedQuery(CUSTOM_PLANS).execute().mapEmpty();
  }

  /**
   * Applies the Flyway migrations under {@code classpath:db/<schema>} to that schema. Flyway is
   * blocking JDBC, so it runs on a worker thread; concurrent starters are serialised by Flyway's lock.
   */
  public static Future<Void> migrate(Vertx vertx, DatabaseConfig config, String schema) {
    // A migration that rewrites a big table takes minutes (V8 of the LRS: 69 s at 3.4 million
    // statements): its own worker, allowed an hour, so Vert.x does not report it as a blocked thread.
    WorkerExecutor migrations = vertx.createSharedWorkerExecutor("flyway-" + schema, 1, 1, TimeUnit.HOURS);
    return migrations.executeBlocking(() -> {
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
      return (Void) null;
    }).onComplete(done -> migrations.close());
  }
}
