package org.ahphub.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgBuilder;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
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
  static PgConnectOptions connectOptions(DatabaseConfig config) {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setDatabase(config.database())
        .setUser(config.user())
        .setPassword(config.password())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheSqlLimit(MAX_CACHED_SQL_LENGTH)
        .setPipeliningLimit(256);
    return withTls(options, config);
  }

  /**
   * libpq's {@code sslmode} on the reactive client: {@code allow}, {@code prefer} and {@code require} encrypt
   * without checking the certificate (unless a root certificate makes {@code require} check the chain);
   * {@code verify-ca} checks the chain against {@code PGSSLROOTCERT}; {@code verify-full} also the host name.
   */
  private static PgConnectOptions withTls(PgConnectOptions options, DatabaseConfig config) {
    SslMode mode = config.effectiveSslMode();
    options.setSslMode(mode);
    if (mode == SslMode.DISABLE) {
      return options;
    }
    ClientSSLOptions ssl = new ClientSSLOptions();
    if (mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL) {
      if (!DatabaseConfig.SYSTEM_ROOT_CERTIFICATES.equals(config.sslRootCert())) {
        ssl.setTrustOptions(new PemTrustOptions().addCertPath(config.sslRootCert()));
      } else {
        ssl.setTrustOptions(TrustOptions.wrap(systemTrustManagers()));
      }
      // verify-ca checks the chain only: no host name check (an empty algorithm turns it off).
      ssl.setHostnameVerificationAlgorithm(mode == SslMode.VERIFY_FULL ? "HTTPS" : "");
    } else {
      ssl.setTrustAll(true).setHostnameVerificationAlgorithm("");
    }
    return options.setSslOptions(ssl);
  }

  private static TrustManagerFactory systemTrustManagers() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((java.security.KeyStore) null);
      return factory;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the JVM's trust store cannot be read (PGSSLROOTCERT=system)", e);
    }
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
   * What a service does with its schema at start-up: applies the migrations ({@link #migrate}) when
   * {@code HUB_RUN_MIGRATIONS} is true (the default), otherwise only checks that they have been applied
   * ({@link #requireMigrated}), so that one separate step migrates and many instances start against the result.
   */
  public static Future<Void> prepareSchema(Vertx vertx, DatabaseConfig config, String schema) {
    return config.runMigrations() ? migrate(vertx, config, schema) : requireMigrated(vertx, config, schema);
  }

  /**
   * Applies the Flyway migrations under {@code classpath:db/<schema>} to that schema. Flyway is
   * blocking JDBC, so it runs on a worker thread; concurrent starters are serialised by Flyway's lock.
   */
  public static Future<Void> migrate(Vertx vertx, DatabaseConfig config, String schema) {
    return onFlywayWorker(vertx, schema, () -> {
      migrateNow(config, schema);
      return null;
    });
  }

  /**
   * Fails, saying what to do, unless every migration this release has for {@code schema} has been applied.
   * A schema ahead of this release (a newer release migrated it) is accepted: migrations only add.
   */
  public static Future<Void> requireMigrated(Vertx vertx, DatabaseConfig config, String schema) {
    return onFlywayWorker(vertx, schema, () -> {
      checkNow(config, schema);
      return null;
    });
  }

  /** Applies {@code schema}'s migrations on this thread (blocking); returns how many were applied now. */
  public static int migrateNow(DatabaseConfig config, String schema) {
    Flyway flyway = flyway(config, schema);
    long started = System.nanoTime();
    var result = flyway.migrate();
    LOG.info("schema {} at version {} ({} migrations applied now in {} ms)", schema,
        flyway.info().current().getVersion(), result.migrationsExecuted, (System.nanoTime() - started) / 1_000_000);
    return result.migrationsExecuted;
  }

  /** The check of {@link #requireMigrated}, on this thread (blocking). */
  public static void checkNow(DatabaseConfig config, String schema) {
    MigrationInfoService info = flyway(config, schema).info();
    MigrationInfo[] pending = info.pending();
    if (pending.length > 0) {
      MigrationInfo current = info.current();
      throw new SchemaNotMigrated("schema " + schema + " is at version "
          + (current == null ? "none (empty)" : current.getVersion().getVersion()) + " but this release needs version "
          + pending[pending.length - 1].getVersion().getVersion() + " (" + pending.length
          + " migrations not applied). HUB_RUN_MIGRATIONS=false: run the migrations first"
          + " (java -cp ahp-hub.jar org.ahphub.hub.MigrateMain), or set HUB_RUN_MIGRATIONS=true");
    }
    LOG.info("schema {} at version {}, as this release needs (migrations not run: HUB_RUN_MIGRATIONS=false)",
        schema, info.current().getVersion());
  }

  /** A schema that is behind this release while migrations are not run at start-up. */
  public static final class SchemaNotMigrated extends IllegalStateException {
    public SchemaNotMigrated(String message) {
      super(message);
    }
  }

  private static Flyway flyway(DatabaseConfig config, String schema) {
    return Flyway.configure()
        .dataSource(config.jdbcUrl(), config.user(), config.password())
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .locations("classpath:db/" + schema)
        .load();
  }

  private static <T> Future<T> onFlywayWorker(Vertx vertx, String schema, java.util.concurrent.Callable<T> work) {
    // A migration that rewrites a big table takes minutes (V8 of the LRS: 69 s at 3.4 million
    // statements): its own worker, allowed an hour, so Vert.x does not report it as a blocked thread.
    WorkerExecutor migrations = vertx.createSharedWorkerExecutor("flyway-" + schema, 1, 1, TimeUnit.HOURS);
    return migrations.executeBlocking(work).onComplete(done -> migrations.close());
  }
}
