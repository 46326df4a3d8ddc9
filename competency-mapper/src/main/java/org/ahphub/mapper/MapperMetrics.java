package org.ahphub.mapper;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.concurrent.atomic.AtomicLong;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.health.CachedCheck;
import org.ahphub.platform.metrics.ServiceMetrics;

/**
 * The mapper's series counted in PostgreSQL before a scrape: its outbox (events for passport.updates and
 * passport.identities not yet published, and the oldest one's age), and the credentials issued and revoked
 * (counted at most every 30 seconds: the table grows with every passport). The statement-to-passport lag is
 * timed by the statement consumer itself.
 */
final class MapperMetrics {

  private static final String OUTBOX = SqlResources.load("sql/mapper/metrics-outbox.sql");
  private static final String CREDENTIALS = SqlResources.load("sql/mapper/metrics-credentials.sql");

  private MapperMetrics() {}

  static void register(ServiceMetrics metrics, Pool pool) {
    AtomicLong backlog = new AtomicLong();
    AtomicLong oldestMillis = new AtomicLong();
    metrics.gauge("ahp.mapper.outbox.backlog", "passport events written but not yet published to Kafka", backlog::get);
    metrics.gauge("ahp.mapper.outbox.oldest.seconds", "how long the oldest unpublished passport event has waited",
        () -> oldestMillis.get() / 1000.0);
    metrics.beforeScrape(() -> pool.query(OUTBOX).execute().onSuccess(rows -> {
      Row row = rows.iterator().next();
      backlog.set(row.getLong("backlog"));
      oldestMillis.set((long) (row.getDouble("oldest_seconds") * 1000));
    }));
    AtomicLong issued = new AtomicLong();
    AtomicLong byOperator = new AtomicLong();
    AtomicLong bySystem = new AtomicLong();
    metrics.gauge("ahp.credentials.issued", "verifiable credentials issued so far (each competency x stage held)",
        issued::get);
    String revoked = "ahp.credentials.revoked";
    String revokedDescription = "credentials revoked so far, by who revoked them (operator, or system: voided or "
        + "expired learning)";
    metrics.gauge(revoked, revokedDescription, byOperator::get, "by", "operator");
    metrics.gauge(revoked, revokedDescription, bySystem::get, "by", "system");
    metrics.beforeScrape(new CachedCheck(() -> pool.query(CREDENTIALS).execute().onSuccess(rows -> {
      Row row = rows.iterator().next();
      issued.set(row.getLong("issued"));
      byOperator.set(row.getLong("revoked_by_operator"));
      bySystem.set(row.getLong("revoked_by_system"));
    }), 30_000));
  }
}
