package org.ahphub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventuallyTest {

  @Test
  @DisplayName("returns the first value that satisfies the condition, probing again until then")
  void returnsTheAwaitedValue() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    int value = Eventually.await("the third call", Duration.ofSeconds(5), Duration.ofMillis(1),
        calls::incrementAndGet, n -> n >= 3);
    assertThat(value).isEqualTo(3);
    assertThat(calls).hasValue(3);
  }

  @Test
  @DisplayName("on time-out it fails saying what was awaited, for how long, and the last value seen")
  void timeoutSaysWhatAndTheLastValue() {
    AtomicInteger calls = new AtomicInteger();
    // A second long enough that even a loaded machine probes more than once before the deadline.
    assertThatThrownBy(() -> Eventually.await("a passport with 5.6", Duration.ofSeconds(1), Duration.ofMillis(1),
        () -> "passport v" + calls.incrementAndGet(), p -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("a passport with 5.6: not within 1 s; last value: passport v")
        .hasMessageEndingWith("v" + calls.get());
    assertThat(calls.get()).isGreaterThan(1);
  }

  @Test
  @DisplayName("an assertion failing inside the probe ends the wait at once")
  void failingProbeEndsTheWait() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> Eventually.await("an import", Duration.ofSeconds(30), Duration.ofMillis(10), () -> {
      calls.incrementAndGet();
      throw new AssertionError("import failed");
    }, v -> false)).isInstanceOf(AssertionError.class).hasMessage("import failed");
    assertThat(calls).hasValue(1);
  }

  @Test
  @DisplayName("a checked exception from the probe fails the test with what was awaited")
  void checkedExceptionNamesTheWait() {
    assertThatThrownBy(() -> Eventually.await("the receiver", () -> {
      throw new IOException("connection refused");
    }, v -> true)).isInstanceOf(AssertionError.class)
        .hasMessage("the receiver: the probe failed: java.io.IOException: connection refused")
        .hasCauseInstanceOf(IOException.class);
  }
}
