package org.ahphub.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * What a service tells the metrics endpoint: its own counters, timers and gauges, and values it reads
 * just before each scrape (a backlog counted in PostgreSQL, a consumer group's lag). Services use only
 * this; the registry and the endpoint live in {@link HubMetrics}.
 *
 * <p>Names follow Prometheus conventions ({@code ahp_<service>_<what>_<unit>}, dots or underscores).
 * Tag values must be bounded and carry no personal data: a route template, a topic, a group, an outcome;
 * never a person id, an e-mail address, a URL a caller chose or a subscription's address.
 */
public interface ServiceMetrics {

  /** A monotonically increasing count; {@code tags} are name, value pairs. */
  Counter counter(String name, String description, String... tags);

  /** Durations, published as a Prometheus histogram with buckets from 5 ms to 1 hour. */
  Timer timer(String name, String description, String... tags);

  /** A value read when scraped. */
  void gauge(String name, String description, Supplier<Number> value, String... tags);

  /**
   * Work to do before each scrape (at most once a second), e.g. count a backlog and keep it for a gauge.
   * The scrape waits for it, at most two seconds; a failure leaves the gauges at their last values.
   */
  void beforeScrape(Supplier<Future<?>> refresh);
}
