package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.ahphub.mapper.messages.StatementKey;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Evidence credited before statements were keyed by organisation (V20) gets its organisation and key from the
 * LRS's statements in the same database (V22), so its organisation's voids reach it; ambiguous ids stay as they
 * were (issue 16, item left open by the tenancy work).
 */
class OlderEvidenceMigrationIT {

  private static Flyway flyway(PostgresCoordinates db, String target) {
    return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("mapper")
        .defaultSchema("mapper").createSchemas(true).locations("classpath:db/mapper").target(target).load();
  }

  @Test
  @DisplayName("older evidence is given the one organisation that stored its statement, re-keyed and marked processed; an id two organisations stored is left alone")
  void rekeysOlderEvidence() throws Exception {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    UUID organisation = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    UUID person = UUID.randomUUID();
    UUID sole = UUID.randomUUID();
    UUID ambiguous = UUID.randomUUID();
    UUID orphan = UUID.randomUUID();
    flyway(db, "21").migrate();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement sql = connection.createStatement()) {
      // The LRS's statement table, as far as the migration reads it.
      sql.execute("CREATE SCHEMA lrs; CREATE TABLE lrs.statement (id uuid NOT NULL, authority_org uuid NOT NULL)");
      insertStatement(connection, sole, organisation);
      insertStatement(connection, ambiguous, organisation);
      insertStatement(connection, ambiguous, other);
      sql.execute("INSERT INTO mapper.person (id) VALUES ('" + person + "')");
      for (UUID statement : new UUID[] {sole, ambiguous, orphan}) {
        sql.execute("INSERT INTO mapper.evidence (person_id, competency_number, stage, statement_id, rule_id, "
            + "rule_version, source_organisation, evidence_kind, achieved_at, basis, confidence, valid_from) VALUES ('"
            + person + "', '4.2', 'entry', '" + statement + "', 'explicit-alignment', 1, 'Trust', 'learning', now(), "
            + "'test', 1.0, now())");
        sql.execute("INSERT INTO mapper.processed_event (event_id) VALUES ('" + statement + "')");
      }
    }

    flyway(db, "latest").migrate();

    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      UUID key = StatementKey.of(organisation, sole);
      assertThat(evidence(connection, key)).isEqualTo(sole + "|" + organisation);
      assertThat(evidence(connection, ambiguous)).isEqualTo("null|null");
      assertThat(evidence(connection, orphan)).isEqualTo("null|null");
      assertThat(evidence(connection, sole)).as("no row keyed by the bare id is left").isNull();
      try (PreparedStatement processed = connection.prepareStatement(
          "SELECT count(*) FROM mapper.processed_event WHERE event_id = ?")) {
        processed.setObject(1, key);
        try (ResultSet rows = processed.executeQuery()) {
          rows.next();
          assertThat(rows.getInt(1)).isEqualTo(1);
        }
      }
    }
  }

  private static void insertStatement(Connection connection, UUID id, UUID organisation) throws Exception {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lrs.statement VALUES (?, ?)")) {
      insert.setObject(1, id);
      insert.setObject(2, organisation);
      insert.executeUpdate();
    }
  }

  /** "lrs_statement_id|source_organisation_id" of the evidence keyed {@code key}, or null when there is none. */
  private static String evidence(Connection connection, UUID key) throws Exception {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT lrs_statement_id, source_organisation_id FROM mapper.evidence WHERE statement_id = ?")) {
      query.setObject(1, key);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getString(1) + "|" + rows.getString(2) : null;
      }
    }
  }
}
