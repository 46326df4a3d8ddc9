package org.ahphub.lrs.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("V9: statement ids unique per organisation; existing documents go to the only organisation that could write them")
class TenancyMigrationIT {

  private static final UUID NIL = new UUID(0, 0);

  @Test
  @DisplayName("one organisation with a document scope: its documents; the same statement id may now exist in two organisations")
  void singleWriterOwnsTheDocuments() throws Exception {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    db.migrate("identity", "latest");
    db.migrate("lrs", "8");
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement sql = connection.createStatement()) {
      UUID writer = organisation(sql, "Writer Trust", "w-key", "{state,statements/write}");
      organisation(sql, "Reader Platform", "r-key", "{statements/read}");
      insertDocument(sql);
      UUID id = UUID.randomUUID();
      UUID other = UUID.randomUUID();
      insertStatement(sql, id, writer);

      db.migrate("lrs", "latest");

      assertThat(documentOwner(sql)).isEqualTo(writer);
      insertStatement(sql, id, other);
      assertThatThrownBy(() -> insertStatement(sql, id, writer)).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
    }
  }

  @Test
  @DisplayName("two organisations that could have written them: the nil organisation, which no credential reads")
  void severalWritersLeaveThemToNoOne() throws Exception {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    db.migrate("identity", "latest");
    db.migrate("lrs", "8");
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement sql = connection.createStatement()) {
      organisation(sql, "First Trust", "f-key", "{all}");
      organisation(sql, "Second Trust", "s-key", "{profile}");
      insertDocument(sql);

      db.migrate("lrs", "latest");

      assertThat(documentOwner(sql)).isEqualTo(NIL);
    }
  }

  @Test
  @DisplayName("V10: an existing activity definition is kept for each organisation whose statements mention the activity")
  void activityDefinitionsCopiedToTheOrganisationsThatUseThem() throws Exception {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    db.migrate("lrs", "9");
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement sql = connection.createStatement()) {
      UUID first = UUID.randomUUID();
      UUID second = UUID.randomUUID();
      UUID bystander = UUID.randomUUID();
      String activity = "https://www.e-lfh.org.uk/programmes/fire-safety";
      sql.executeUpdate("INSERT INTO lrs.activity (id, definition, updated) VALUES ('" + activity
          + "', '{\"name\":{\"en-GB\":\"Fire safety\"}}', now())");
      for (UUID organisation : new UUID[] {first, second}) {
        UUID id = UUID.randomUUID();
        insertStatement(sql, id, organisation);
        sql.executeUpdate("INSERT INTO lrs.statement_activity (activity_hash, statement_seq, relation) SELECT '"
            + LinkKeys.hash(activity) + "', seq, 'object' FROM lrs.statement WHERE id = '" + id + "'");
      }
      insertStatement(sql, UUID.randomUUID(), bystander);

      db.migrate("lrs", "latest");

      java.util.List<UUID> owners = new java.util.ArrayList<>();
      try (ResultSet rows = sql.executeQuery("SELECT organisation, definition::text FROM lrs.activity WHERE id = '"
          + activity + "'")) {
        while (rows.next()) {
          owners.add(rows.getObject(1, UUID.class));
          assertThat(rows.getString(2)).contains("Fire safety");
        }
      }
      assertThat(owners).containsExactlyInAnyOrder(first, second);
    }
  }

  private static UUID organisation(Statement sql, String name, String key, String scopes) throws Exception {
    UUID id = UUID.randomUUID();
    sql.executeUpdate("INSERT INTO identity.organisation (id, name, home_page) VALUES ('" + id + "', '" + name
        + "', 'https://example.org')");
    sql.executeUpdate("INSERT INTO identity.credential (key, organisation_id, secret_hash, scopes) VALUES ('" + key
        + "', '" + id + "', 'x', '" + scopes + "')");
    return id;
  }

  private static void insertDocument(Statement sql) throws Exception {
    sql.executeUpdate("INSERT INTO lrs.document (kind, activity_id, agent_key, registration, document_id, content,"
        + " content_type, etag, updated) VALUES ('state', 'http://example.org/a', 'mbox:mailto:a@example.org', '',"
        + " 'bookmark', '\\x7b7d', 'application/json', 'e', now())");
  }

  /** Names its seq: from V51 the column has no default (every writer claims its seqs). */
  private static void insertStatement(Statement sql, UUID id, UUID organisation) throws SQLException {
    sql.executeUpdate("INSERT INTO lrs.statement (seq, id, stored, payload, learner_key, verb_id, authority_org,"
        + " authority_key) VALUES (nextval('lrs.statement_seq_seq'), '" + id + "', now(), '{}', 'k', 'http://v', '"
        + organisation + "', 'k')");
  }

  private static UUID documentOwner(Statement sql) throws Exception {
    try (ResultSet rows = sql.executeQuery("SELECT organisation FROM lrs.document")) {
      rows.next();
      return rows.getObject(1, UUID.class);
    }
  }
}
