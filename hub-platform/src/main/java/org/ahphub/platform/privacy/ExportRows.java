package org.ahphub.platform.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.UUID;

/** Query rows as an export file: a JSON array of objects named by column, nulls left out. */
public final class ExportRows {

  private ExportRows() {}

  /** Writes {@code rows} as {@code name}, with {@code count + line} under {@code heading} in the summary. */
  public static Future<Void> file(ExportArchive archive, String name, RowSet<Row> rows, String heading, String line) {
    JsonArray list = new JsonArray();
    for (Row row : rows) {
      JsonObject item = new JsonObject();
      for (int i = 0; i < row.size(); i++) {
        Object value = row.getValue(i);
        if (value != null) {
          item.put(row.getColumnName(i), json(value));
        }
      }
      list.add(item);
    }
    archive.summarise(heading, List.of(list.size() + line));
    return archive.json(name, list);
  }

  private static Object json(Object value) {
    if (value instanceof OffsetDateTime time) {
      return time.toInstant().toString();
    }
    if (value instanceof Temporal || value instanceof UUID) {
      return value.toString();
    }
    if (value instanceof Object[] array) {
      JsonArray json = new JsonArray();
      for (Object element : array) {
        json.add(element == null ? null : json(element));
      }
      return json;
    }
    return value instanceof Number || value instanceof Boolean || value instanceof String
        || value instanceof JsonObject || value instanceof JsonArray ? value : value.toString();
  }
}
