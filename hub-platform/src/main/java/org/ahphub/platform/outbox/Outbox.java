package org.ahphub.platform.outbox;

import io.vertx.core.Future;
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

  /**
   * Appends the messages in order. Events go as JSON text, kept as written (a {@code json} column) and
   * published as they are: parsing them to jsonb and printing them back cost PostgreSQL time for nothing.
   */
  public Future<Void> append(SqlConnection connection, List<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = messages.size();
    String[] topics = new String[n];
    String[] keys = new String[n];
    String[] events = new String[n];
    String[] traces = new String[n];
    for (int i = 0; i < n; i++) {
      OutboxMessage message = messages.get(i);
      topics[i] = message.topic();
      keys[i] = message.key();
      events[i] = message.event().toJson().encode();
      traces[i] = message.traceparent();
    }
    return connection.preparedQuery(insert).execute(Tuple.of(topics, keys, events, traces)).mapEmpty();
  }
}
