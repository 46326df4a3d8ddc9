package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Upgrading to the statement-table outbox (V5) loses no statement still waiting to be published")
class RelayMigrationIT {

  @Test
  @DisplayName("the relay starts from the first statement the old outbox had not published")
  void checkpointStartsAtTheFirstUnpublished() throws Exception {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    db.migrate("lrs", "4");
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement sql = connection.createStatement()) {
      for (int i = 1; i <= 5; i++) {
        String id = "00000000-0000-4000-8000-00000000000" + i;
        sql.execute("INSERT INTO lrs.statement (id, stored, payload, learner_key, verb_id, authority_org, authority_key)"
            + " VALUES ('" + id + "', now(), '{}', 'mbox:mailto:a@example.org', 'http://v', gen_random_uuid(), 'k')");
        sql.execute("INSERT INTO lrs.outbox (topic, event_key, event, published_at) VALUES ('lrs.statements', 'k', "
            + "'{\"id\": \"" + id + "\"}', " + (i <= 2 ? "now()" : "NULL") + ")");
      }
      long secondSeq = single(sql, "SELECT seq FROM lrs.statement WHERE id = '00000000-0000-4000-8000-000000000002'");

      db.migrate("lrs", "latest");

      assertThat(single(sql, "SELECT published_through FROM lrs.relay_checkpoint WHERE topic = 'lrs.statements'"))
          .isEqualTo(secondSeq);
      assertThat(single(sql, "SELECT count(*) FROM pg_tables WHERE schemaname = 'lrs' AND tablename = 'outbox'"))
          .isZero();
    }
  }

  @Test
  @DisplayName("with everything published (or nothing stored) the relay starts after the last statement")
  void checkpointAfterTheLastWhenAllPublished() throws Exception {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    db.migrate("lrs", "latest");
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement sql = connection.createStatement()) {
      assertThat(single(sql, "SELECT published_through FROM lrs.relay_checkpoint WHERE topic = 'lrs.statements'"))
          .isZero();
    }
  }

  private static long single(Statement sql, String query) throws Exception {
    try (ResultSet rows = sql.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
