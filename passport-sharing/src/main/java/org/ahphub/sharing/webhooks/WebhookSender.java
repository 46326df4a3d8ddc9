package org.ahphub.sharing.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Sends one signed webhook. The callback host is resolved here and every address checked against
 * the {@link CallbackUrlPolicy} before the connection is opened to that very address (no DNS
 * rebinding between check and connect). Redirects are not followed. Getting a connection (from the
 * pool or a new one) times out after the connect timeout; the exchange after it (request and whole
 * response) after the read timeout, however slowly the endpoint trickles bytes.
 */
public final class WebhookSender {

  public record Outcome(int status, String error) {
    public boolean delivered() {
      return status >= 200 && status < 300;
    }
  }

  /** How long a checked resolution is reused: the JVM caches lookups anyway, this saves a worker hop per send. */
  private static final long RESOLVED_FOR_MILLIS = 10_000;

  private record Resolved(InetAddress address, long until) {}

  private final Vertx vertx;
  private final CallbackUrlPolicy policy;
  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

  public WebhookSender(Vertx vertx, CallbackUrlPolicy policy, Duration connectTimeout, Duration readTimeout,
      int connectionsPerEndpoint) {
    this.vertx = vertx;
    this.policy = policy;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) connectTimeout.toMillis())
            .setKeepAlive(true)
            .setVerifyHost(true)
            .setTrustAll(false),
        new PoolOptions().setHttp1MaxSize(Math.max(1, connectionsPerEndpoint)));
  }

  /** The longest one {@link #send} can take once it has started. */
  public Duration maxDuration() {
    return connectTimeout.plus(readTimeout);
  }

  public Future<Outcome> send(String url, String id, long timestampSeconds, List<String> secrets, String body) {
    return send(url, id, timestampSeconds, secrets, body, null);
  }

  /** As above, with the W3C {@code traceparent} the request continues (none when null). */
  public Future<Outcome> send(String url, String id, long timestampSeconds, List<String> secrets, String body,
      String traceparent) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new Outcome(0, "invalid url"));
    }
    if (policy.problemWith(url).isPresent()) {
      return Future.succeededFuture(new Outcome(0, policy.problemWith(url).get()));
    }
    return resolve(uri.getHost()).compose(address -> {
      if (address == null) {
        return Future.succeededFuture(new Outcome(0, "callback host resolves to an address the hub may not call"));
      }
      int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.POST)
          .setAbsoluteURI(url)
          .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
          .setFollowRedirects(false)
          .setConnectTimeout(connectTimeout.toMillis())
          .setIdleTimeout(readTimeout.toMillis())
          .putHeader("content-type", "application/json")
          .putHeader("user-agent", "ahp-hub-webhooks/1")
          .putHeader("webhook-id", id)
          .putHeader("webhook-timestamp", Long.toString(timestampSeconds))
          .putHeader("webhook-signature", WebhookSignature.header(secrets, id, timestampSeconds, body));
      if (traceparent != null) {
        options.putHeader("traceparent", traceparent);
      }
      return client.request(options)
          .compose(request -> exchange(request, body))
          .recover(failure -> Future.succeededFuture(new Outcome(0, failure.getClass().getSimpleName() + ": "
              + failure.getMessage())));
    }, failure -> Future.succeededFuture(new Outcome(0, "callback host does not resolve: " + failure.getMessage())));
  }

  /** Sends and reads the whole response; the request is reset if that takes longer than the read timeout. */
  private Future<Outcome> exchange(HttpClientRequest request, String body) {
    long deadline = vertx.setTimer(readTimeout.toMillis(), id -> request.reset(0,
        new TimeoutException("no complete response within " + readTimeout.toMillis() + " ms")));
    return request.send(Buffer.buffer(body))
        .compose(response -> {
          response.handler(ignored -> { });
          return response.end().map(v -> new Outcome(response.statusCode(),
              response.statusCode() < 300 ? null : "endpoint answered " + response.statusCode()));
        })
        .andThen(done -> vertx.cancelTimer(deadline));
  }

  /** The first address of the host, or null when any of its addresses is one the hub may not call. */
  private Future<InetAddress> resolve(String host) {
    Resolved known = resolved.get(host);
    if (known != null && known.until() > System.currentTimeMillis()) {
      return Future.succeededFuture(known.address());
    }
    return lookUp(host).onSuccess(address -> {
      if (address != null) {
        resolved.put(host, new Resolved(address, System.currentTimeMillis() + RESOLVED_FOR_MILLIS));
      }
    });
  }

  private Future<InetAddress> lookUp(String host) {
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      for (InetAddress address : addresses) {
        if (!policy.allows(address)) {
          return null;
        }
      }
      return addresses[0];
    }, false);
  }

  public Future<Void> close() {
    return client.close();
  }
}
