package org.ahphub.mapper.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.rules.CatalogueEntry;
import org.ahphub.mapper.store.CatalogueStore;
import org.ahphub.platform.db.SqlResources;

/** {@link CatalogueStore} on PostgreSQL, schema {@code mapper}. */
public final class PgCatalogueStore implements CatalogueStore {

  private static final String SELECT_CATALOGUE = SqlResources.load("sql/mapper/select-catalogue.sql");
  private static final String UPSERT_CATALOGUE = SqlResources.load("sql/mapper/upsert-catalogue-activity.sql");

  private final Pool pool;

  public PgCatalogueStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<List<String>> putCatalogue(List<CatalogueEntry> entries, boolean override) {
    return pool.withTransaction(connection -> {
      Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
      for (CatalogueEntry entry : entries) {
        JsonArray evidences = new JsonArray();
        entry.evidences().forEach(t -> evidences.add(new JsonObject().put("competency", t.competencyNumber())
            .put("stage", t.stage().code())));
        Tuple tuple = Tuple.tuple().addString(entry.activityIri()).addUUID(entry.organisationId())
            .addString(entry.organisationName()).addValue(evidences).addValue(entry.passMark())
            .addString(entry.renewal() == null ? null : entry.renewal().toString()).addString(entry.kind())
            .addBoolean(override);
        chain = chain.compose(refused -> connection.preparedQuery(UPSERT_CATALOGUE).execute(tuple).map(rows -> {
          if (rows.size() == 0) {
            refused.add(entry.activityIri());
          }
          return refused;
        }));
      }
      // Refused entries roll the whole request back.
      return chain.compose(refused -> refused.isEmpty() ? Future.succeededFuture(refused)
          : Future.failedFuture(new CatalogueConflict(refused)));
    }).recover(failure -> failure instanceof CatalogueConflict conflict
        ? Future.succeededFuture(conflict.refused) : Future.failedFuture(failure));
  }

  private static final class CatalogueConflict extends RuntimeException {
    private final List<String> refused;

    CatalogueConflict(List<String> refused) {
      super("activities owned by another organisation", null, false, false);
      this.refused = refused;
    }
  }

  @Override
  public Future<Map<String, CatalogueEntry>> catalogue() {
    return pool.preparedQuery(SELECT_CATALOGUE).execute().map(rows -> {
      Map<String, CatalogueEntry> entries = new HashMap<>();
      for (Row row : rows) {
        List<CatalogueEntry.Target> targets = new ArrayList<>();
        Object json = row.getValue("evidences");
        JsonArray evidences = json instanceof JsonArray a ? a : new JsonArray(String.valueOf(json));
        for (Object o : evidences) {
          JsonObject t = (JsonObject) o;
          targets.add(new CatalogueEntry.Target(t.getString("competency"), Stage.fromCode(t.getString("stage")).orElseThrow()));
        }
        String renewal = row.getString("renewal");
        entries.put(row.getString("activity_iri"), new CatalogueEntry(row.getString("activity_iri"),
            row.getUUID("organisation_id"), row.getString("organisation_name"), targets, row.getDouble("pass_mark"),
            renewal == null ? null : Period.parse(renewal), row.getString("evidence_kind")));
      }
      return entries;
    });
  }
}
