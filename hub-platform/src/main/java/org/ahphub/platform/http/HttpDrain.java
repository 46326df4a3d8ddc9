package org.ahphub.platform.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stopping an HTTP server without cutting off what it accepted. A verticle's server is otherwise closed at once
 * on undeploy: requests in flight lose their connections, and a statement stored a moment later is one its client
 * was never told of (and may send again). Draining stops accepting connections, closes idle ones, and answers
 * every request already read before the service closes its database pool.
 */
public final class HttpDrain {

  /** How long a stopping server waits for its requests in flight before it closes their connections. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private HttpDrain() {}

  /** Completes once every request in flight is answered (or {@link #TIMEOUT} passed); a server never started is done. */
  public static Future<Void> drain(HttpServer server) {
    return server == null ? Future.succeededFuture() : server.shutdown(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
