package org.ahphub.mapper;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;

/** Store-level tests' databases: each a fresh one of the test infrastructure, migrated, with a small pool. */
public final class FreshDatabases {

  private FreshDatabases() {
  }

  /** A pool on a new database migrated to {@code schemas}, in that order. */
  public static Pool migratedPool(Vertx vertx, String... schemas) {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    DatabaseConfig config = new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 2);
    for (String schema : schemas) {
      Databases.migrate(vertx, config, schema).await();
    }
    return Databases.pool(vertx, config);
  }
}
