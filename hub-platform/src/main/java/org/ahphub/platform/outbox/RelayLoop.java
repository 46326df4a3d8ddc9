package org.ahphub.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every relay runs on its verticle's context: publish a batch; straight away again when the
 * batch was full or new rows were announced meanwhile, after {@code idlePoll} otherwise; on failure
 * back off (100 ms doubling to {@code maxBackoff}). {@link #wakeUp} cuts an idle wait short; {@link #stop}
 * lets a batch being published finish, so its verticle closes the producer only after it.
 */
public final class RelayLoop {

  private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final String name;
  private final int batchSize;
  private final Duration idlePoll;
  private final Duration maxBackoff;
  private final Supplier<Future<Integer>> publishBatch;
  private long backoffMillis;
  private boolean stopped;
  private boolean running;
  private boolean wokenWhileRunning;
  private long idleTimer = -1;
  private final Promise<Void> finished = Promise.promise();

  /** {@code publishBatch} publishes up to {@code batchSize} rows and says how many it published. */
  public RelayLoop(Vertx vertx, String name, int batchSize, Duration idlePoll, Duration maxBackoff,
      Supplier<Future<Integer>> publishBatch) {
    this.vertx = vertx;
    this.name = name;
    this.batchSize = batchSize;
    this.idlePoll = idlePoll;
    this.maxBackoff = maxBackoff;
    this.publishBatch = publishBatch;
  }

  public void start() {
    vertx.runOnContext(v -> run());
  }

  /**
   * No batch starts after this; the future completes once the one being published (if any) is done, or after
   * {@link #STOP_WAIT} (a broker that does not answer holds a batch for the producer's delivery timeout; an
   * unfinished batch is published again by the next relay, as after a crash).
   */
  public Future<Void> stop() {
    stopped = true;
    if (running) {
      vertx.setTimer(STOP_WAIT.toMillis(), id -> finished.tryComplete());
    } else {
      finished.tryComplete();
    }
    return finished.future();
  }

  /** New rows were written: publish now rather than at the end of the idle wait. */
  public void wakeUp() {
    if (running) {
      wokenWhileRunning = true;
    } else if (idleTimer >= 0 && vertx.cancelTimer(idleTimer)) {
      idleTimer = -1;
      run();
    }
  }

  private void run() {
    if (stopped) {
      return;
    }
    running = true;
    wokenWhileRunning = false;
    publishBatch.get()
        .onComplete(done -> {
          running = false;
          if (stopped) {
            finished.tryComplete();
          }
        })
        .onSuccess(this::scheduleAfter)
        .onFailure(this::backOff);
  }

  private void scheduleAfter(int published) {
    backoffMillis = 0;
    if (published >= batchSize || wokenWhileRunning) {
      vertx.runOnContext(v -> run());
    } else {
      idleTimer = vertx.setTimer(idlePoll.toMillis(), id -> {
        idleTimer = -1;
        run();
      });
    }
  }

  private void backOff(Throwable failure) {
    backoffMillis = Math.min(maxBackoff.toMillis(), Math.max(100, backoffMillis * 2));
    LOG.warn("{}: publishing failed ({}); retrying in {} ms", name, failure.toString(), backoffMillis);
    vertx.setTimer(backoffMillis, id -> run());
  }
}
