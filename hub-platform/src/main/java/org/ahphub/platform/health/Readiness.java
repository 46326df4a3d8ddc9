package org.ahphub.platform.health;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's health endpoints:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process answers at all (restart it when this fails);
 *   <li>{@code GET /health/ready}: 200 when every check passes, else 503 naming the failing checks (send it no
 *       traffic meanwhile). Unready from the moment the service begins to stop, before its HTTP server closes;
 *   <li>{@code GET /health}: as before, {@code {"status":"UP"}} while the process answers (liveness).
 * </ul>
 * Bodies carry only check names and UP/DOWN; the reasons go to the log.
 */
public final class Readiness {

  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
  /** How long one check may take before it counts as failed. */
  static final long CHECK_TIMEOUT_MILLIS = 2_000;

  /** One named check: a future that succeeds when the dependency is usable. */
  public record Check(String name, Supplier<Future<?>> probe) {}

  private final List<Check> checks = new ArrayList<>();
  private volatile boolean stopping;

  public Readiness with(Check check) {
    checks.add(check);
    return this;
  }

  /** {@code SELECT 1} on {@code pool}. */
  public static Check postgres(Pool pool) {
    return new Check("postgresql", () -> pool.query("SELECT 1").execute());
  }

  /** The service is stopping: every readiness probe fails from now on. */
  public void stopping() {
    stopping = true;
  }

  public boolean isStopping() {
    return stopping;
  }

  /** Mounts the three endpoints; call before any handler that authenticates or reads bodies. */
  public void mount(Router router) {
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
  }

  /** The checks' outcome: an object of name → UP/DOWN, and whether all passed. */
  public Future<JsonObject> check() {
    JsonObject results = new JsonObject();
    if (stopping) {
      return Future.succeededFuture(new JsonObject().put("status", "DOWN")
          .put("checks", new JsonObject().put("shutdown", "DOWN")).put("failing", List.of("shutdown")));
    }
    List<Future<?>> probes = new ArrayList<>();
    for (Check check : checks) {
      Future<?> probe;
      try {
        probe = check.probe().get().timeout(CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        probe = Future.failedFuture(e);
      }
      probes.add(probe.onComplete(done -> {
        results.put(check.name(), done.succeeded() ? "UP" : "DOWN");
        if (done.failed()) {
          LOG.warn("readiness: {} is down: {}", check.name(), done.cause().toString());
        }
      }));
    }
    return Future.join(probes).transform(all -> {
      List<String> failing = checks.stream().map(Check::name).filter(n -> !"UP".equals(results.getString(n))).toList();
      JsonObject body = new JsonObject().put("status", failing.isEmpty() ? "UP" : "DOWN").put("checks", results);
      if (!failing.isEmpty()) {
        body.put("failing", failing);
      }
      return Future.succeededFuture(body);
    });
  }

  private void ready(RoutingContext ctx) {
    check().onSuccess(body -> ctx.response().setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
        .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(body.encode()));
  }
}
