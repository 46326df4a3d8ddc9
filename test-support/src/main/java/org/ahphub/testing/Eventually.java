package org.ahphub.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waiting in integration tests for something the system does in the background (a consumer credits a
 * statement, an import finishes, a webhook arrives): the probe is asked again and again until its value
 * satisfies the condition, or the time is up and the test fails saying what was awaited and the last value
 * seen. Blocking: call it from the test thread, never from an event loop. An exception or a failed assertion
 * inside the probe ends the wait at once (a probe may assert what must never happen, such as a failed import).
 *
 * <pre>{@code
 * String personId = Eventually.await("the mapper credits " + mbox, () -> lookUp(mbox), Objects::nonNull);
 * }</pre>
 */
public final class Eventually {

  /** How long a test waits unless it says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** The pause between two probes unless the test says otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

  /** What a test asks each time; may block (an HTTP call, a Kafka poll) and may throw. */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  private Eventually() {}

  /** Waits up to 30 s, probing every 100 ms. */
  public static <T> T await(String what, Probe<T> probe, Predicate<? super T> done) throws InterruptedException {
    return await(what, DEFAULT_TIMEOUT, DEFAULT_INTERVAL, probe, done);
  }

  /** Waits up to {@code within}, probing every 100 ms. */
  public static <T> T await(String what, Duration within, Probe<T> probe, Predicate<? super T> done)
      throws InterruptedException {
    return await(what, within, DEFAULT_INTERVAL, probe, done);
  }

  /**
   * Probes until {@code done} holds for the value and returns that value. The probe runs at least once, and
   * once after a pause that crosses the deadline. {@code every} may be zero for a probe that waits by itself (a Kafka poll with a timeout).
   *
   * @throws AssertionError when the time is up: "{@code what}: not within {@code within}; last value: …"
   */
  public static <T> T await(String what, Duration within, Duration every, Probe<T> probe, Predicate<? super T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T value = ask(what, probe);
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(what + ": not within " + describe(within) + "; last value: " + value);
      }
      if (!every.isZero()) {
        Thread.sleep(every.toMillis());
      }
    }
  }

  private static <T> T ask(String what, Probe<T> probe) throws InterruptedException {
    try {
      return probe.get();
    } catch (RuntimeException | Error | InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(what + ": the probe failed: " + e, e);
    }
  }

  private static String describe(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }
}
