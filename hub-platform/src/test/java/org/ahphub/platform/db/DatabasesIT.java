package org.ahphub.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pools the services use, against the embedded PostgreSQL. */
class DatabasesIT {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a statement of several thousand characters is prepared once per connection and reused")
  void longStatementsArePreparedOnce() {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    Pool pool = Databases.pool(vertx, new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 1));
    // As long as the LRS's statement-storing SQL, with its comments.
    String longSql = "SELECT $1::int + 1 AS answer -- " + "why this statement is shaped as it is. ".repeat(120);
    assertThat(longSql.length()).isGreaterThan(4_000);

    for (int i = 0; i < 3; i++) {
      int answer = pool.preparedQuery(longSql).execute(Tuple.of(i)).await().iterator().next().getInteger("answer");
      assertThat(answer).isEqualTo(i + 1);
    }
    // One connection: its named prepared statements are listed here; an unnamed (uncached) one is not.
    long prepared = pool.preparedQuery("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1")
        .execute(Tuple.of(longSql)).await().iterator().next().getLong("n");
    assertThat(prepared).isEqualTo(1);
  }

  @Test
  @DisplayName("planForParameters makes the rest of the transaction plan for the parameters, and only that transaction")
  void customPlansForOneTransaction() {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    Pool pool = Databases.pool(vertx, new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 1));
    String inside = pool.withTransaction(connection -> Databases.planForParameters(connection)
            .compose(v -> planCacheMode(connection)))
        .await();
    assertThat(inside).isEqualTo("force_custom_plan");
    assertThat(planCacheMode(pool).await()).as("after the transaction, on the same connection").isEqualTo("auto");
  }

  private static Future<String> planCacheMode(SqlClient client) {
    return client.query("SHOW plan_cache_mode").execute().map(rows -> rows.iterator().next().getString(0));
  }
}
