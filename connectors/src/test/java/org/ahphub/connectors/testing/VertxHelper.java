package org.ahphub.connectors.testing;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Waits for a Vert.x future from a test thread. */
public final class VertxHelper {

  private VertxHelper() {}

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
