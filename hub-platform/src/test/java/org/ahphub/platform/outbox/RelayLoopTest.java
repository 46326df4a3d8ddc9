package org.ahphub.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Relay loop: a stop lets the batch being published finish before its producer closes")
class RelayLoopTest {

  private static final int BATCH = 10;
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("stop completes only once the batch in flight is done, and no batch starts after it")
  void stopWaitsForTheBatchInFlight() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    Promise<Integer> inFlight = Promise.promise();
    CompletableFuture<Void> publishing = new CompletableFuture<>();
    RelayLoop loop = new RelayLoop(vertx, "test relay", BATCH, Duration.ofMillis(10), Duration.ofSeconds(1), () -> {
      batches.incrementAndGet();
      publishing.complete(null);
      return inFlight.future();
    });
    context.runOnContext(v -> loop.start());
    publishing.get(5, TimeUnit.SECONDS);

    CompletableFuture<Future<Void>> stopping = new CompletableFuture<>();
    context.runOnContext(v -> stopping.complete(loop.stop()));
    Future<Void> stopped = stopping.get(5, TimeUnit.SECONDS);
    assertThat(stopped.isComplete()).as("stopped while a batch is being published").isFalse();

    // A full batch: a running loop would start the next one straight away.
    context.runOnContext(v -> inFlight.complete(BATCH));
    stopped.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Thread.sleep(200);
    assertThat(batches.get()).as("batches published").isEqualTo(1);
  }

  @Test
  @DisplayName("an idle loop stops at once")
  void idleLoopStopsAtOnce() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    CompletableFuture<Void> polled = new CompletableFuture<>();
    RelayLoop loop = new RelayLoop(vertx, "test relay", BATCH, Duration.ofSeconds(30), Duration.ofSeconds(1), () -> {
      batches.incrementAndGet();
      polled.complete(null);
      return Future.succeededFuture(0);
    });
    context.runOnContext(v -> loop.start());
    polled.get(5, TimeUnit.SECONDS);

    CompletableFuture<Boolean> stoppedAtOnce = new CompletableFuture<>();
    context.runOnContext(v -> stoppedAtOnce.complete(loop.stop().succeeded()));
    assertThat(stoppedAtOnce.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(batches.get()).isEqualTo(1);
  }
}
