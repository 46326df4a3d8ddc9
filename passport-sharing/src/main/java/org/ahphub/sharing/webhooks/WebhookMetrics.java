package org.ahphub.sharing.webhooks;

import io.micrometer.core.instrument.Counter;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.health.CachedCheck;
import org.ahphub.platform.metrics.ServiceMetrics;

/**
 * Webhook series: the queue (pending deliveries, dead letters, the oldest pending one's age; counted in
 * PostgreSQL at most every five seconds), attempts by outcome, and how many endpoints' circuits are closed,
 * open or half open in this dispatcher. No subscription, URL or person appears in a label.
 */
public final class WebhookMetrics {

  private static final String QUEUE = SqlResources.load("sql/sharing/webhooks/queue-depth.sql");

  final Counter delivered;
  final Counter retried;
  final Counter dead;
  final Counter dropped;
  final AtomicInteger closed = new AtomicInteger();
  final AtomicInteger open = new AtomicInteger();
  final AtomicInteger halfOpen = new AtomicInteger();

  public WebhookMetrics(ServiceMetrics metrics, Pool pool) {
    String attempts = "ahp.webhook.attempts";
    String description = "webhook requests by outcome: delivered (2xx), retry (to be retried), dead (dead-lettered), "
        + "dropped (access ended)";
    delivered = metrics.counter(attempts, description, "outcome", "delivered");
    retried = metrics.counter(attempts, description, "outcome", "retry");
    dead = metrics.counter(attempts, description, "outcome", "dead");
    dropped = metrics.counter(attempts, description, "outcome", "dropped");
    String circuits = "ahp.webhook.circuits";
    String circuitsDescription = "subscriptions' endpoints by circuit state in this dispatcher";
    metrics.gauge(circuits, circuitsDescription, closed::get, "state", "closed");
    metrics.gauge(circuits, circuitsDescription, open::get, "state", "open");
    metrics.gauge(circuits, circuitsDescription, halfOpen::get, "state", "half_open");
    AtomicLong pending = new AtomicLong();
    AtomicLong deadLetters = new AtomicLong();
    AtomicLong oldestMillis = new AtomicLong();
    metrics.gauge("ahp.webhook.queue.depth", "webhook deliveries pending (due now or waiting for a retry)",
        pending::get);
    metrics.gauge("ahp.webhook.dead.letters", "webhook deliveries dead-lettered (listed at /subscriptions/{id}/failed)",
        deadLetters::get);
    metrics.gauge("ahp.webhook.queue.oldest.seconds", "age of the oldest pending webhook delivery",
        () -> oldestMillis.get() / 1000.0);
    metrics.beforeScrape(new CachedCheck(() -> pool.query(QUEUE).execute().onSuccess(rows -> {
      Row row = rows.iterator().next();
      pending.set(row.getLong("pending"));
      deadLetters.set(row.getLong("dead"));
      oldestMillis.set((long) (row.getDouble("oldest_pending_seconds") * 1000));
    }), 5_000));
  }
}
