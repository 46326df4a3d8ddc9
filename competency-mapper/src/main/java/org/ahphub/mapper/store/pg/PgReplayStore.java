package org.ahphub.mapper.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ahphub.mapper.store.ReplayStore;
import org.ahphub.platform.db.SqlResources;

/** {@link ReplayStore} on PostgreSQL, schema {@code mapper}: links as reference data, and the state as lines. */
public final class PgReplayStore implements ReplayStore {

  private static final String ENSURE_PERSON = SqlResources.load("sql/mapper/ensure-person.sql");
  private static final String UPSERT_IDENTIFIER = SqlResources.load("sql/mapper/upsert-identifier.sql");
  private static final String INSERT_LINK = SqlResources.load("sql/mapper/insert-link.sql");
  private static final String SELECT_LINKS = SqlResources.load("sql/mapper/select-links.sql");
  private static final String PROCESSED_IDS = SqlResources.load("sql/mapper/select-processed-ids.sql");
  private static final String SNAPSHOT_EVIDENCE = SqlResources.load("sql/mapper/snapshot-evidence.sql");
  private static final String SNAPSHOT_ATTAINMENT = SqlResources.load("sql/mapper/snapshot-attainment.sql");
  private static final String SNAPSHOT_VOIDED = SqlResources.load("sql/mapper/snapshot-voided.sql");
  private static final String SNAPSHOT_LEARNING = SqlResources.load("sql/mapper/snapshot-learning.sql");

  private final Pool pool;

  public PgReplayStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<List<Map.Entry<String, UUID>>> links() {
    return pool.preparedQuery(SELECT_LINKS).execute().map(rows -> {
      List<Map.Entry<String, UUID>> links = new ArrayList<>();
      for (Row row : rows) {
        links.add(new AbstractMap.SimpleImmutableEntry<>(row.getString("identifier_key"), row.getUUID("person_id")));
      }
      return links;
    });
  }

  @Override
  public Future<Void> importLinks(Collection<Map.Entry<String, UUID>> links) {
    return pool.withTransaction(connection -> {
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<String, UUID> link : links) {
        chain = chain
            .compose(v -> connection.preparedQuery(ENSURE_PERSON).execute(Tuple.of(link.getValue())))
            .compose(v -> connection.preparedQuery(UPSERT_IDENTIFIER).execute(Tuple.of(link.getKey(), link.getValue())))
            .compose(v -> connection.preparedQuery(INSERT_LINK).execute(Tuple.of(link.getKey(), link.getValue(), null)))
            .mapEmpty();
      }
      return chain;
    });
  }

  @Override
  public Future<Set<UUID>> processedStatementIds() {
    return pool.preparedQuery(PROCESSED_IDS).execute().map(rows -> {
      Set<UUID> ids = new HashSet<>();
      rows.forEach(row -> ids.add(row.getUUID("event_id")));
      return ids;
    });
  }

  @Override
  public Future<List<String>> snapshot() {
    return pool.preparedQuery(SNAPSHOT_EVIDENCE).execute()
        .compose(evidence -> pool.preparedQuery(SNAPSHOT_ATTAINMENT).execute()
            .compose(attained -> pool.preparedQuery(SNAPSHOT_VOIDED).execute()
            .compose(voided -> pool.preparedQuery(SNAPSHOT_LEARNING).execute().map(learning -> {
              List<String> lines = new ArrayList<>();
              for (Row row : evidence) {
                lines.add("evidence " + row.getUUID("person_id") + " " + row.getString("competency_number") + " "
                    + row.getString("stage") + " " + row.getUUID("statement_id") + " " + row.getUUID("lrs_statement_id")
                    + " " + row.getString("rule_id") + "@" + row.getInteger("rule_version") + " "
                    + row.getString("source_organisation") + " " + row.getUUID("source_organisation_id") + " "
                    + row.getString("evidence_kind") + " " + row.getString("basis") + " " + row.getDouble("confidence")
                    + " " + PassportWrites.instant(row, "achieved_at") + " " + PassportWrites.instant(row, "valid_from") + " "
                    + PassportWrites.instant(row, "valid_until"));
              }
              for (Row row : attained) {
                lines.add("attained " + row.getUUID("person_id") + " " + row.getString("scope") + " " + row.getString("stage"));
              }
              for (Row row : voided) {
                lines.add("voided " + row.getUUID("statement_id") + " by " + row.getUUID("voided_by"));
              }
              for (Row row : learning) {
                lines.add("learning " + row.getUUID("person_id") + " " + row.getUUID("statement_key") + " "
                    + row.getUUID("lrs_statement_id") + " " + row.getString("source_organisation") + " "
                    + row.getUUID("source_organisation_id") + " " + row.getString("verb") + " "
                    + PassportWrites.instant(row, "achieved_at") + " " + row.getString("kind") + " "
                    + row.getString("assessor_role"));
              }
              return lines;
            }))));
  }
}
