package org.ahphub.sharing.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP endpoint on port 0 that answers with a settable status and records what it got; it can go
 * away (connections refused) and come back on the same port.
 * {@link #verify} checks a Standard Webhooks signature the way a receiver would, written here from
 * the specification and sharing no code with the hub.
 */
final class WebhookReceiver implements AutoCloseable {

  record Received(String path, String id, String timestamp, String signature, String body, long receivedAtMillis) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final Vertx vertx;
  private final int port;
  private HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger status = new AtomicInteger(200);

  WebhookReceiver(Vertx vertx) {
    this.vertx = vertx;
    this.server = listen(0);
    this.port = server.actualPort();
  }

  private HttpServer listen(int port) {
    return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      int answer = status.get();
      if (answer >= 200 && answer < 300) {
        received.add(new Received(request.path(), request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
            request.getHeader("webhook-signature"), body.toString(StandardCharsets.UTF_8), System.currentTimeMillis()));
      }
      request.response().setStatusCode(answer).end();
    })).listen(port).await();
  }

  /** The endpoint goes down: its port refuses connections until {@link #comeBack}. */
  void goAway() {
    server.close().await();
  }

  /** The endpoint is back on the same port. */
  void comeBack() {
    server = listen(port);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  List<Received> at(String path) {
    List<Received> matching = new ArrayList<>();
    for (Received r : received) {
      if (r.path().equals(path)) {
        matching.add(r);
      }
    }
    return matching;
  }

  /** True when one of the space-separated {@code v1,} signatures is HMAC-SHA256(secret, id.timestamp.body). */
  static boolean verify(String secret, Received message) {
    try {
      byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String expected = Base64.getEncoder().encodeToString(mac.doFinal(
          (message.id() + "." + message.timestamp() + "." + message.body()).getBytes(StandardCharsets.UTF_8)));
      long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(message.timestamp()));
      if (age > 300) {
        return false;
      }
      for (String part : message.signature().split(" ")) {
        if (part.startsWith("v1,") && java.security.MessageDigest.isEqual(
            part.substring(3).getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
          return true;
        }
      }
      return false;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close().await();
  }
}
