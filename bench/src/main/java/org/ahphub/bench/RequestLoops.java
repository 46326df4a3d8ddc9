package org.ahphub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.ahphub.bench.LrsBenchmark.Result;

/**
 * A closed-loop load: {@code concurrency} request loops, each sending its next request when the last one was
 * answered, timing each (nanoseconds, from sending to the last byte of the answer). The benchmarks' common
 * driver.
 */
final class RequestLoops {

  private RequestLoops() {}

  /**
   * Runs the loops until {@code requests} have been sent or {@code seconds} have passed. {@code request} gives
   * loop {@code n}'s next request: how many items it wrote or read, or -1 when it failed. {@code name}, when not
   * null, is printed with the progress every 10 s.
   */
  static Result run(Vertx vertx, String name, int concurrency, int requests, int seconds,
      IntFunction<Future<Integer>> request) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicInteger issued = new AtomicInteger();
    AtomicLong items = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long[][] latencies = new long[concurrency][];
    int[] counts = new int[concurrency];
    CountDownLatch done = new CountDownLatch(concurrency);
    long start = System.nanoTime();
    long cpuAtStart = processCpuNanos();
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      latencies[w] = new long[1024];
      vertx.runOnContext(v -> loop(worker, request, requests, deadline, issued, items, errors, latencies, counts,
          done));
    }
    long lastReport = System.nanoTime();
    while (!done.await(1, TimeUnit.SECONDS)) {
      if (name != null && System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
        lastReport = System.nanoTime();
        System.out.printf("  %s: %,d requests, %,d items, %d errors, %.0f s%n", name, issued.get(), items.get(),
            errors.get(), (lastReport - start) / 1e9);
      }
    }
    long elapsed = System.nanoTime() - start;
    long clientCpu = processCpuNanos() - cpuAtStart;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int w = 0; w < concurrency; w++) {
      System.arraycopy(latencies[w], 0, all, at, counts[w]);
      at += counts[w];
    }
    Arrays.sort(all);
    return new Result(all, items.get(), errors.get(), elapsed, clientCpu);
  }

  /**
   * CPU time this benchmark's own process has used: it shares the machine with the hub, so the tables show how
   * much of the cores the load generator took.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void loop(int worker, IntFunction<Future<Integer>> request, int requests, long deadline,
      AtomicInteger issued, AtomicLong items, AtomicLong errors, long[][] latencies, int[] counts,
      CountDownLatch done) {
    if (System.nanoTime() >= deadline || issued.incrementAndGet() > requests) {
      done.countDown();
      return;
    }
    long sent = System.nanoTime();
    request.apply(worker).onComplete(outcome -> {
      long took = System.nanoTime() - sent;
      if (outcome.succeeded() && outcome.result() >= 0) {
        items.addAndGet(outcome.result());
        if (counts[worker] == latencies[worker].length) {
          latencies[worker] = Arrays.copyOf(latencies[worker], counts[worker] * 2);
        }
        latencies[worker][counts[worker]++] = took;
      } else if (errors.incrementAndGet() <= 5) {
        System.out.println("  request failed: " + (outcome.failed() ? outcome.cause() : "status not 200/204"));
      }
      loop(worker, request, requests, deadline, issued, items, errors, latencies, counts, done);
    });
  }
}
