package org.ahphub.platform.ops;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.ahphub.platform.health.Readiness;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.trace.Traces;

/**
 * The routes every service's HTTP server has in front of its own: the request's trace ({@code traceparent}
 * in, {@code X-Request-Id} out), {@code /health}, {@code /health/live}, {@code /health/ready} and
 * {@code /metrics}. Mount first: none of them reads a body or asks for credentials (but the metrics token).
 */
public record OperationsRoutes(Readiness readiness, HubMetrics metrics, OperationsSettings settings) {

  /** Routes with the given readiness checks, serving the metrics of {@code vertx}. */
  public static OperationsRoutes of(Vertx vertx, Readiness readiness, OperationsSettings settings) {
    return new OperationsRoutes(readiness, HubMetrics.of(vertx), settings);
  }

  public void mount(Router router) {
    router.route().handler(Traces.handler());
    readiness.mount(router);
    metrics.mount(router, settings.metricsToken());
  }
}
