package org.ahphub.lrs;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.atomic.AtomicLong;
import org.ahphub.events.Topics;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.metrics.ServiceMetrics;

/**
 * The LRS's own series: the relay's backlog (statements stored but not yet on {@code lrs.statements}) and
 * how long the oldest of them has waited, counted in PostgreSQL before each scrape. (Requests, latency and
 * the connection pool come from Vert.x; consumer lag from the Kafka monitor.)
 */
final class LrsMetrics {

  private static final String BACKLOG = SqlResources.load("sql/lrs/relay-backlog.sql");

  private LrsMetrics() {}

  static void register(ServiceMetrics metrics, Pool pool) {
    AtomicLong backlog = new AtomicLong();
    AtomicLong oldestMillis = new AtomicLong();
    metrics.gauge("ahp.lrs.relay.backlog", "statements stored but not yet published to lrs.statements",
        backlog::get);
    metrics.gauge("ahp.lrs.relay.oldest.seconds", "how long the oldest unpublished statement has waited",
        () -> oldestMillis.get() / 1000.0);
    metrics.beforeScrape(() -> pool.preparedQuery(BACKLOG).execute(Tuple.of(Topics.LRS_STATEMENTS))
        .onSuccess(rows -> {
          Row row = rows.iterator().next();
          backlog.set(row.getLong("backlog"));
          oldestMillis.set((long) (row.getDouble("oldest_seconds") * 1000));
        }));
  }
}
