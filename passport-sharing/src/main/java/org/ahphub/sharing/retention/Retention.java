package org.ahphub.sharing.retention;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.db.SqlResources;

/**
 * How long the passport side keeps records that are about people but are not their passport, and the job that
 * deletes what is older. Each kind is deleted in batches, so one run never holds long locks.
 *
 * <ul>
 *   <li>{@code HUB_RETAIN_DELIVERED_WEBHOOKS} (P30D): webhook deliveries that were delivered or dropped; it is
 *       also how far back a subscriber can replay
 *   <li>{@code HUB_RETAIN_DEAD_WEBHOOKS} (P90D): dead-lettered deliveries, kept longer for the subscriber to
 *       notice and replay
 *   <li>{@code HUB_RETAIN_AUDIT} (P2Y): the audit log of who read or was sent what about a person (what a
 *       subject access request asks about); two years covers the questions people ask in practice and is
 *       within the retention the NHS Records Management Code gives for such logs. Raise it if your policy says so
 *   <li>{@code HUB_RETAIN_LEARNER_TOKENS} (P7D): learner tokens, this long after they expired or were revoked
 * </ul>
 */
public final class Retention {

  /** Rows deleted per statement. */
  static final int BATCH = 10_000;

  public record Settings(Duration deliveredWebhooks, Duration deadWebhooks, Duration audit, Duration learnerTokens) {

    public static Settings fromEnv(Env env) {
      return new Settings(
          env.duration("HUB_RETAIN_DELIVERED_WEBHOOKS", Duration.ofDays(30)),
          env.duration("HUB_RETAIN_DEAD_WEBHOOKS", Duration.ofDays(90)),
          env.duration("HUB_RETAIN_AUDIT", Duration.ofDays(730)),
          env.duration("HUB_RETAIN_LEARNER_TOKENS", Duration.ofDays(7)));
    }
  }

  private final Pool pool;
  private final Map<String, Tuple> steps = new LinkedHashMap<>();

  public Retention(Pool pool, Settings settings) {
    this.pool = pool;
    steps.put("delivered-webhooks", step("delete-delivered-webhooks", settings.deliveredWebhooks()));
    steps.put("dead-webhooks", step("delete-dead-webhooks", settings.deadWebhooks()));
    steps.put("audit", step("delete-audit", settings.audit()));
    steps.put("learner-tokens", step("delete-learner-tokens", settings.learnerTokens()));
  }

  private static Tuple step(String sql, Duration keep) {
    return Tuple.of(SqlResources.load("sql/sharing/retention/" + sql + ".sql"), keep.toSeconds(), BATCH);
  }

  /** Deletes everything past its retention; returns the rows deleted per kind. */
  public Future<Map<String, Long>> runOnce() {
    Map<String, Long> deleted = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Tuple> step : steps.entrySet()) {
      chain = chain.compose(v -> drain(step.getValue(), 0).map(count -> {
        deleted.put(step.getKey(), count);
        return null;
      }));
    }
    return chain.map(deleted);
  }

  /** Runs one step's batch until a batch deletes fewer rows than it may. */
  private Future<Long> drain(Tuple step, long sofar) {
    return pool.preparedQuery(step.getString(0)).execute(Tuple.of(step.getLong(1), step.getInteger(2)))
        .compose(rows -> rows.rowCount() < BATCH ? Future.succeededFuture(sofar + rows.rowCount())
            : drain(step, sofar + rows.rowCount()));
  }
}
