package org.ahphub.platform.health;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A probe whose outcome is kept for a while, so a storm of readiness probes does not become a storm of
 * requests to the broker: one probe at a time, its outcome reused for {@code keepMillis}.
 */
public final class CachedCheck implements Supplier<Future<?>> {

  private final Supplier<Future<?>> probe;
  private final long keepNanos;
  private Future<?> last;
  private long lastAt;

  public CachedCheck(Supplier<Future<?>> probe, long keepMillis) {
    this.probe = probe;
    this.keepNanos = keepMillis * 1_000_000;
  }

  @Override
  public synchronized Future<?> get() {
    long now = System.nanoTime();
    if (last == null || (last.isComplete() && now - lastAt > keepNanos)) {
      lastAt = now;
      last = probe.get();
    }
    return last;
  }
}
