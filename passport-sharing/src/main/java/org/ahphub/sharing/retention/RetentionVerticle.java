package org.ahphub.sharing.retention;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Retention} a minute after start and then every {@code intervalMillis}; one run at a time. Several
 * processes may run it: deleting what is past its retention twice deletes nothing more.
 */
public final class RetentionVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

  private final Retention retention;
  private final long intervalMillis;
  private long timer = -1;
  private boolean running;

  public RetentionVerticle(Retention retention, long intervalMillis) {
    this.retention = retention;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(60_000, intervalMillis, id -> run());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void run() {
    if (running) {
      return;
    }
    running = true;
    retention.runOnce()
        .onSuccess(deleted -> {
          if (deleted.values().stream().anyMatch(count -> count > 0)) {
            LOG.info("retention: deleted {}", deleted);
          }
        })
        .onFailure(failure -> LOG.warn("retention run failed: {}; next run in {} ms", failure.toString(), intervalMillis))
        .onComplete(done -> running = false);
  }
}
