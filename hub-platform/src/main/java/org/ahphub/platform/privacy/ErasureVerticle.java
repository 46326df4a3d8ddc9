package org.ahphub.platform.privacy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Resumes erasures left unfinished (a crash, a part that failed): at start, then every {@code periodMillis}. */
public final class ErasureVerticle extends VerticleBase {

  private final Erasures erasures;
  private final long periodMillis;
  private long timer = -1;

  public ErasureVerticle(Erasures erasures, long periodMillis) {
    this.erasures = erasures;
    this.periodMillis = periodMillis;
  }

  @Override
  public Future<?> start() {
    erasures.resume();
    timer = vertx.setPeriodic(periodMillis, id -> erasures.resume());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
