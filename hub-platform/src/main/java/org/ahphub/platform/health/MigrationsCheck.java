package org.ahphub.platform.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;
import org.ahphub.platform.db.DatabaseConfig;
import org.flywaydb.core.Flyway;

/**
 * Passes once every Flyway migration the service ships for its schemas is applied (none pending, none
 * failed). Asked on a worker, at most every ten seconds until it passes; once passed it stays passed (a
 * running service's schema does not go back).
 */
public final class MigrationsCheck implements Supplier<Future<?>> {

  private final Supplier<Future<?>> cached;
  private volatile boolean passed;

  public MigrationsCheck(Vertx vertx, DatabaseConfig database, List<String> schemas) {
    this.cached = new CachedCheck(() -> vertx.executeBlocking(() -> {
      for (String schema : schemas) {
        Flyway flyway = Flyway.configure()
            .dataSource(database.jdbcUrl(), database.user(), database.password())
            .schemas(schema).defaultSchema(schema).locations("classpath:db/" + schema)
            .connectRetries(0)
            .load();
        var info = flyway.info();
        if (info.pending().length > 0) {
          throw new IllegalStateException("schema " + schema + ": " + info.pending().length + " migrations pending");
        }
        var current = info.current();
        if (current == null || !current.getState().isApplied() || current.getState().isFailed()) {
          throw new IllegalStateException("schema " + schema + " is not migrated");
        }
      }
      passed = true;
      return null;
    }, false), 10_000);
  }

  /** The check as a {@link Readiness.Check} named "migrations". */
  public static Readiness.Check of(Vertx vertx, DatabaseConfig database, List<String> schemas) {
    return new Readiness.Check("migrations", new MigrationsCheck(vertx, database, schemas));
  }

  @Override
  public Future<?> get() {
    return passed ? Future.succeededFuture() : cached.get();
  }
}
