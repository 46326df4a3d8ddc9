package db.mapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.mapper.messages.StatementKey;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Evidence credited before V20 was keyed by the statement id alone and names no organisation, so a void its
 * organisation sends now (keyed by organisation and id) did not find it: such evidence could not be retracted.
 * Where the LRS's statements live in the same database (schema {@code lrs}, as in every layout the hub ships),
 * each such piece is given the organisation that stored its statement and re-keyed as V20 keys new evidence;
 * the new key is marked processed too, so a redelivery of the statement's event credits nothing twice. A
 * statement id stored by more than one organisation is ambiguous and left as it was (fails closed: not retracted
 * by anyone's void), as is everything when the LRS schema is elsewhere.
 *
 * <p>Java, not SQL, because the key is a name-based UUID (SHA-1) that PostgreSQL computes only with an extension.
 */
public class V22__Organisation_for_older_evidence extends BaseJavaMigration {

  private static final int BATCH = 1_000;

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    if (!lrsStatementsHere(connection)) {
      return;
    }
    List<UUID> unkeyed = unkeyedStatements(connection);
    for (int from = 0; from < unkeyed.size(); from += BATCH) {
      List<UUID> batch = unkeyed.subList(from, Math.min(unkeyed.size(), from + BATCH));
      for (Map.Entry<UUID, UUID> stored : soleOrganisations(connection, batch).entrySet()) {
        rekey(connection, stored.getKey(), stored.getValue());
      }
    }
  }

  private static boolean lrsStatementsHere(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass('lrs.statement') IS NOT NULL");
        ResultSet rows = query.executeQuery()) {
      return rows.next() && rows.getBoolean(1);
    }
  }

  private static List<UUID> unkeyedStatements(Connection connection) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT DISTINCT statement_id FROM evidence WHERE source_organisation_id IS NULL AND lrs_statement_id IS NULL");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  /** Statement id → the one organisation that stored it; ids stored by several organisations are left out. */
  private static Map<UUID, UUID> soleOrganisations(Connection connection, List<UUID> ids) throws SQLException {
    Map<UUID, UUID> sole = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT id, min(authority_org::text)::uuid AS organisation FROM lrs.statement WHERE id = ANY(?) "
            + "GROUP BY id HAVING count(DISTINCT authority_org) = 1")) {
      query.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          sole.put(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class));
        }
      }
    }
    return sole;
  }

  private static void rekey(Connection connection, UUID statementId, UUID organisation) throws SQLException {
    UUID key = StatementKey.of(organisation, statementId);
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE evidence SET statement_id = ?, lrs_statement_id = ?, source_organisation_id = ? "
            + "WHERE statement_id = ? AND source_organisation_id IS NULL AND lrs_statement_id IS NULL")) {
      update.setObject(1, key);
      update.setObject(2, statementId);
      update.setObject(3, organisation);
      update.setObject(4, statementId);
      update.executeUpdate();
    }
    try (PreparedStatement processed = connection.prepareStatement(
        "INSERT INTO processed_event (event_id) VALUES (?) ON CONFLICT DO NOTHING")) {
      processed.setObject(1, key);
      processed.executeUpdate();
    }
  }
}
