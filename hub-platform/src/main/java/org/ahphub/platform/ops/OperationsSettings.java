package org.ahphub.platform.ops;

import java.time.Duration;
import java.util.Map;
import org.ahphub.platform.config.Env;

/**
 * What operators set for the endpoints every service has ({@link OperationsRoutes}):
 * <ul>
 *   <li>{@code HUB_METRICS_TOKEN} (unset): when set, {@code GET /metrics} needs {@code Authorization: Bearer
 *       <token>}; unset, it is open (it holds no personal data; keep it off the public ingress, or set this)
 *   <li>{@code HUB_SHUTDOWN_GRACE} (PT5S; ISO 8601 or milliseconds): how long a stopping service answers
 *       {@code /health/ready} with 503 before it closes its HTTP server, so load balancers stop sending first
 * </ul>
 */
public record OperationsSettings(String metricsToken, Duration shutdownGrace) {

  public static OperationsSettings fromEnv(Map<String, String> variables) {
    Env env = Env.of(variables);
    return new OperationsSettings(env.secret("HUB_METRICS_TOKEN", null),
        env.duration("HUB_SHUTDOWN_GRACE", Duration.ofSeconds(5)));
  }

  public static OperationsSettings defaults() {
    return new OperationsSettings(null, Duration.ofSeconds(5));
  }
}
