package org.ahphub.platform.ops;

import java.time.Duration;

/** The pause between turning unready and closing, on the JVM's shutdown thread (never an event loop). */
public final class Shutdown {

  private Shutdown() {}

  public static void pause(Duration grace) {
    if (grace.isZero() || grace.isNegative()) {
      return;
    }
    try {
      Thread.sleep(grace.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
