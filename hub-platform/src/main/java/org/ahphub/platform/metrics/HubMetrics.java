package org.ahphub.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Prometheus registry of a Vert.x instance, and its {@code GET /metrics} endpoint.
 *
 * <p>A Vert.x made by {@link #newVertx} reports its own HTTP servers and clients (requests by route
 * template, method and status, latency histograms), pools (SQL connections, workers: in use, queued,
 * queue time) and the JVM to this registry; any other Vert.x gets a registry with the services' own
 * series only. No label carries a request path, a remote address or any other value a caller chose:
 * routes are reported as their templates ({@code /passports/:personId}).
 *
 * <p>{@code HUB_METRICS_TOKEN}: when set, {@code /metrics} answers only requests with
 * {@code Authorization: Bearer <token>} (401 otherwise); unset, it is open (the series hold no personal
 * data, but say how busy the hub is: set a token, or keep {@code /metrics} off the public ingress).
 */
public final class HubMetrics implements ServiceMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(HubMetrics.class);
  private static final Map<Vertx, HubMetrics> BY_VERTX = new WeakHashMap<>();
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};
  private static final long REFRESH_AT_MOST_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final PrometheusMeterRegistry registry;
  private final List<Supplier<Future<?>>> refreshers = new CopyOnWriteArrayList<>();
  private volatile long refreshedAt;

  private HubMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  private static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Vert.x Web names a request's route by every route that handled it, joined with '>' (each "/xapi/*"
    // step of the LRS, then "/xapi/statements"): the last one, the route that answered, is the label.
    registry.config().meterFilter(MeterFilter.replaceTagValues("route",
        route -> route.substring(route.lastIndexOf('>') + 1)));
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        // Vert.x's request and pool timings and the services' timers: a histogram with fixed buckets
        // (Prometheus computes quantiles across instances from them).
        if (id.getType() == Meter.Type.TIMER && (id.getName().startsWith("vertx.http.server.response.time")
            || id.getName().startsWith("vertx.http.client.response.time")
            || id.getName().startsWith("vertx.pool.queue.time") || id.getName().startsWith("ahp."))) {
          return DistributionStatisticConfig.builder()
              .serviceLevelObjectives(java.util.Arrays.stream(BUCKETS).mapToDouble(Duration::toNanos).toArray())
              .build().merge(config);
        }
        return config;
      }
    });
    return registry;
  }

  /**
   * A Vert.x that reports to its own registry (served by every service deployed on it). HTTP metrics carry
   * the route template, method and status; pool metrics the pool's type and name.
   */
  public static Vertx newVertx(VertxOptions options) {
    PrometheusMeterRegistry registry = newRegistry();
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(java.util.EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
            Label.POOL_NAME, Label.NAMESPACE));
    Vertx vertx = Vertx.builder()
        .with(options.setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    synchronized (BY_VERTX) {
      BY_VERTX.put(vertx, new HubMetrics(registry));
    }
    return vertx;
  }

  public static Vertx newVertx() {
    return newVertx(new VertxOptions());
  }

  /** The registry of {@code vertx}: the one {@link #newVertx} made, or a new one for the services' own series. */
  public static HubMetrics of(Vertx vertx) {
    synchronized (BY_VERTX) {
      return BY_VERTX.computeIfAbsent(vertx, v -> new HubMetrics(newRegistry()));
    }
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  @Override
  public Timer timer(String name, String description, String... tags) {
    return Timer.builder(name).description(description).tags(tags).register(registry);
  }

  @Override
  public void gauge(String name, String description, Supplier<Number> value, String... tags) {
    Gauge.builder(name, value, v -> {
      Number n = v.get();
      return n == null ? Double.NaN : n.doubleValue();
    }).description(description).tags(tags).strongReference(true).register(registry);
  }

  @Override
  public void beforeScrape(Supplier<Future<?>> refresh) {
    refreshers.add(refresh);
  }

  /** Runs the refreshers (at most once a second), then the scrape in Prometheus text format. */
  public Future<String> scrape() {
    long now = System.nanoTime();
    if (refreshers.isEmpty() || now - refreshedAt < REFRESH_AT_MOST_EVERY_NANOS) {
      return Future.succeededFuture(registry.scrape());
    }
    refreshedAt = now;
    List<Future<?>> refreshed = refreshers.stream().map(r -> {
      try {
        return r.get().timeout(2, TimeUnit.SECONDS)
            .onFailure(e -> LOG.debug("metrics: a refresh failed: {}", e.toString()));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }).<Future<?>>map(f -> f).toList();
    return Future.join(refreshed).transform(done -> Future.succeededFuture(registry.scrape()));
  }

  /** Mounts {@code GET /metrics}; with {@code token} non-null it must come as a bearer token. */
  public void mount(Router router, String token) {
    router.get("/metrics").handler(ctx -> serve(ctx, token));
  }

  private void serve(RoutingContext ctx, String token) {
    if (token != null && !bearerMatches(ctx.request().getHeader("Authorization"), token)) {
      ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"")
          .putHeader("Content-Type", "text/plain; charset=utf-8").end("a bearer token is required for /metrics\n");
      return;
    }
    scrape().onComplete(scraped -> {
      if (scraped.failed()) {
        ctx.response().setStatusCode(503).end();
        return;
      }
      ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(scraped.result());
    });
  }

  private static boolean bearerMatches(String authorization, String token) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }
}
