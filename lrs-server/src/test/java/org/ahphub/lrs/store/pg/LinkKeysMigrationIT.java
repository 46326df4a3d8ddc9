package org.ahphub.lrs.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Upgrading the link tables to hashed keys (V8) keeps every row, under the key the LRS now looks up")
class LinkKeysMigrationIT {

  private static final List<String> AGENT_KEYS = List.of(
      "mbox:mailto:sam.support@example.nhs.uk",
      "account:https://www.e-lfh.org.uk|L1000042",
      "mbox:mailto:zoë.ødegård@example.org");
  private static final List<String> ACTIVITY_IDS = List.of(
      "https://www.e-lfh.org.uk/programmes/statutory-and-mandatory-training/fire-safety",
      "https://例え.jp/活動/一",
      "http://example.org/a");

  @Test
  @DisplayName("each row's SQL hash from V8 equals LinkKeys.hash of its text, for ASCII and non-ASCII keys")
  void rowsKeepTheirStatementsUnderLinkKeysHash() throws Exception {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    db.migrate("lrs", "7");
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement sql = connection.createStatement()) {
      long seq = storeOneStatement(sql);
      insertLinks(connection, "INSERT INTO lrs.statement_agent (agent_key, statement_seq, relation) VALUES (?, ?, ?)",
          AGENT_KEYS, seq, "actor");
      insertLinks(connection,
          "INSERT INTO lrs.statement_activity (activity_id, statement_seq, relation) VALUES (?, ?, ?)",
          ACTIVITY_IDS, seq, "category");

      db.migrate("lrs", "latest");

      assertThat(hashesOf(sql, "SELECT agent_hash, statement_seq FROM lrs.statement_agent WHERE relation = 'actor'", seq))
          .containsExactlyInAnyOrderElementsOf(AGENT_KEYS.stream().map(LinkKeys::hash).toList());
      assertThat(hashesOf(sql,
          "SELECT activity_hash, statement_seq FROM lrs.statement_activity WHERE relation = 'category'", seq))
          .containsExactlyInAnyOrderElementsOf(ACTIVITY_IDS.stream().map(LinkKeys::hash).toList());
    }
  }

  @Test
  @DisplayName("LinkKeys.hash is 16 bytes of SHA-256: distinct for keys that differ in one character, stable")
  void hashIsStableAndDistinct() {
    assertThat(LinkKeys.hash("http://example.org/a")).isEqualTo(LinkKeys.hash("http://example.org/a"))
        .isNotEqualTo(LinkKeys.hash("http://example.org/b"));
    // SHA-256("abc") begins ba7816bf 8f01cfea 414140de 5dae2223.
    assertThat(LinkKeys.hash("abc")).isEqualTo(UUID.fromString("ba7816bf-8f01-cfea-4141-40de5dae2223"));
    assertThat(LinkKeys.hash(null)).isNull();
  }

  private static void insertLinks(Connection connection, String insert, List<String> keys, long seq, String relation)
      throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      for (String key : keys) {
        statement.setString(1, key);
        statement.setLong(2, seq);
        statement.setString(3, relation);
        statement.executeUpdate();
      }
    }
  }

  private static List<UUID> hashesOf(Statement sql, String query, long seq) throws Exception {
    Map<UUID, Long> rows = new HashMap<>();
    try (ResultSet result = sql.executeQuery(query)) {
      while (result.next()) {
        rows.put(result.getObject(1, UUID.class), result.getLong(2));
      }
    }
    assertThat(rows.values()).allMatch(s -> s == seq);
    return List.copyOf(rows.keySet());
  }

  /** Stores a statement row as V7 knew it; returns its seq. */
  private static long storeOneStatement(Statement sql) throws Exception {
    try (ResultSet rows = sql.executeQuery(
        "INSERT INTO lrs.statement (id, stored, payload, learner_key, verb_id, authority_org, authority_key)"
            + " VALUES (gen_random_uuid(), now(), '{}', 'k', 'http://v', gen_random_uuid(), 'k') RETURNING seq")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
