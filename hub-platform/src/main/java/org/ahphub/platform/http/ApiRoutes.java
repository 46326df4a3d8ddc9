package org.ahphub.platform.http;

import io.vertx.ext.web.Router;

/**
 * A group of routes mounted on a service's HTTP server. Each feature (passports, catalogue,
 * subscriptions, credentials…) contributes its own, so features do not share one growing class.
 * Failures raised with {@link ApiError} become problem details (RFC 9457) in {@link Problems#failureHandler}.
 */
public interface ApiRoutes {

  void mount(Router router, Authorization authorization);
}
