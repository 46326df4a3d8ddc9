package org.ahphub.lrs.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.ahphub.lrs.store.PersonStore;
import org.ahphub.platform.db.SqlResources;

/** {@link PersonStore} on PostgreSQL: one row per identifier, table {@code lrs.person_identifier}. */
public final class PgPersonStore implements PersonStore {

  private static final String SELECT = SqlResources.load("sql/lrs/select-person-identifiers.sql");
  private static final String REPLACE = SqlResources.load("sql/lrs/replace-person-identifiers.sql");
  private static final String MERGE = SqlResources.load("sql/lrs/merge-person-identifiers.sql");

  private final Pool pool;

  public PgPersonStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Map<String, JsonObject>> identifiersOfPersonWith(String identifierKey) {
    return pool.preparedQuery(SELECT).execute(Tuple.of(identifierKey)).map(rows -> {
      Map<String, JsonObject> identifiers = new LinkedHashMap<>();
      for (Row row : rows) {
        identifiers.put(row.getString("identifier_key"), row.getJsonObject("identifier"));
      }
      return identifiers;
    });
  }

  /** One statement, so it needs no transaction of its own: drop what the person no longer has, upsert the rest. */
  @Override
  public Future<Void> replaceIdentifiers(UUID personId, long identityVersion, Map<String, JsonObject> identifiers) {
    String[] keys = identifiers.keySet().toArray(String[]::new);
    JsonObject[] values = identifiers.values().toArray(JsonObject[]::new);
    return pool.preparedQuery(REPLACE)
        .execute(Tuple.tuple().addUUID(personId).addLong(identityVersion).addValue(keys).addValue(values))
        .mapEmpty();
  }

  @Override
  public Future<Void> mergeInto(UUID merged, UUID survivor, long identityVersion) {
    return pool.preparedQuery(MERGE).execute(Tuple.of(merged, survivor, identityVersion)).mapEmpty();
  }
}
