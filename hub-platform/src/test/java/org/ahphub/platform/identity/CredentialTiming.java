package org.ahphub.platform.identity;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Times failed credential checks of two kinds, alternating one of each so that the load of a shared
 * machine falls on both alike: the median of {@code attempts} of each, in nanoseconds.
 */
final class CredentialTiming {

  private CredentialTiming() {}

  static long[] medianNanos(BasicAuthenticator authenticator, IntFunction<String> first, IntFunction<String> second,
      int attempts) {
    long[] a = new long[attempts];
    long[] b = new long[attempts];
    for (int i = 0; i < attempts; i++) {
      a[i] = time(authenticator, first.apply(i));
      b[i] = time(authenticator, second.apply(i));
    }
    Arrays.sort(a);
    Arrays.sort(b);
    return new long[] {a[attempts / 2], b[attempts / 2]};
  }

  private static long time(BasicAuthenticator authenticator, String header) {
    long started = System.nanoTime();
    try {
      authenticator.authenticate(header).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception expected) {
      // a failure is what is timed
    }
    return System.nanoTime() - started;
  }
}
