package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.HashSet;
import java.util.Set;
import org.ahphub.sharing.SharedTables;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The seam between the mapper and passport sharing: every table and column they share exists after migration. */
class SharedTablesIT {

  @Test
  @DisplayName("the tables and columns shared with passport sharing exist once the mapper's schema is migrated")
  void sharedTablesExist() {
    Vertx vertx = Vertx.vertx();
    Pool pool = FreshDatabases.migratedPool(vertx, "identity", "mapper");
    try {
      Set<String> columns = new HashSet<>();
      for (Row row : pool.query("SELECT table_schema || '.' || table_name || '.' || column_name AS c"
          + " FROM information_schema.columns WHERE table_schema = 'mapper'").execute().await()) {
        columns.add(row.getString("c"));
      }
      assertThat(columns).containsAll(SharedTables.COLUMNS);
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
