package org.ahphub.mapper.events;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.ahphub.mapper.service.PassportService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled expiry job: every {@code intervalMillis} it sends {@code competency.expiring} 30 days
 * before a credit's validity ends and {@code competency.expired} when it has ended (each once per
 * validity end), and publishes stage attained/lost when that changes attainment. Runs one batch at a
 * time; several mapper instances may run it, the notices table makes each notice happen once.
 */
public final class ExpiryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ExpiryVerticle.class);

  private final PassportService passports;
  private final long intervalMillis;
  private long timer = -1;
  private boolean running;

  public ExpiryVerticle(PassportService passports, long intervalMillis) {
    this.passports = passports;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(1_000, intervalMillis, id -> run());
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
    passports.runExpiry()
        .onSuccess(changes -> {
          if (!changes.isEmpty()) {
            LOG.info("expiry: {} passports changed", changes.size());
          }
        })
        .onFailure(failure -> LOG.warn("expiry run failed: {}; next run in {} ms", failure.toString(), intervalMillis))
        .onComplete(done -> running = false);
  }
}
