package org.ahphub.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.ahphub.platform.db.SqlResources;

/**
 * The writing side of a transactional outbox living in {@code <schema>.outbox}: events are
 * appended on the same connection, inside the same transaction, as the business rows.
 */
public final class Outbox {

  private final String schema;
  private final String insert;

  public Outbox(String schema) {
    this.schema = schema;
    this.insert = SqlResources.load("sql/outbox/insert.sql", schema);
  }

  public String schema() {
    return schema;
  }

  public Future<Void> append(SqlConnection connection, List<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] topics = messages.stream().map(OutboxMessage::topic).toArray(String[]::new);
    String[] keys = messages.stream().map(OutboxMessage::key).toArray(String[]::new);
    JsonObject[] events = messages.stream().map(m -> m.event().toJson()).toArray(JsonObject[]::new);
    return connection.preparedQuery(insert).execute(Tuple.of(topics, keys, events)).mapEmpty();
  }
}
