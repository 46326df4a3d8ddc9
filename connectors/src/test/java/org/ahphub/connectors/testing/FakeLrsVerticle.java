package org.ahphub.connectors.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small LRS for tests: {@code POST /xapi/statements} stores statements by id (identical repeats
 * are duplicates, a different statement under a known id is a 409), answers 200 with the ids and
 * {@code X-Hub-Statements-Stored}. Scripted answers (503, 400 …) can be queued to come first.
 */
public final class FakeLrsVerticle extends VerticleBase {

  public record Scripted(int status, String body, Map<String, String> headers) {}

  public record Received(MultiMap headers, JsonArray body) {}

  private final Deque<Scripted> script = new ArrayDeque<>();
  private final Map<String, JsonObject> stored = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<Received> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean reportStored = true;
  private volatile int okBeforeFailing = -1;
  private volatile Scripted failing;
  private HttpServer server;

  public synchronized FakeLrsVerticle then(int status, String body) {
    script.add(new Scripted(status, body, Map.of()));
    return this;
  }

  public synchronized FakeLrsVerticle then(int status, String body, Map<String, String> headers) {
    script.add(new Scripted(status, body, headers));
    return this;
  }

  /** Answers {@code okBatches} more batches normally, then every later one with this status and body. */
  public FakeLrsVerticle failAfter(int okBatches, int status, String body) {
    failing = new Scripted(status, body, Map.of());
    okBeforeFailing = okBatches;
    return this;
  }

  /** Answers normally again after {@link #failAfter}. */
  public FakeLrsVerticle recover() {
    okBeforeFailing = -1;
    failing = null;
    return this;
  }

  /** Whether answers carry {@code X-Hub-Statements-Stored}. */
  public FakeLrsVerticle reportStored(boolean value) {
    reportStored = value;
    return this;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0).onSuccess(s -> server = s);
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://localhost:" + port();
  }

  public Map<String, JsonObject> stored() {
    synchronized (stored) {
      return new LinkedHashMap<>(stored);
    }
  }

  public List<Received> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  private void handle(HttpServerRequest request) {
    if (!request.method().name().equals("POST") || !request.path().equals("/xapi/statements")) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.body().onSuccess(buffer -> {
      JsonArray batch = new JsonArray(buffer);
      requests.add(new Received(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), batch));
      Scripted next;
      synchronized (this) {
        next = script.poll();
        if (next == null && failing != null) {
          if (okBeforeFailing > 0) {
            okBeforeFailing--;
          } else {
            next = failing;
          }
        }
      }
      if (next != null) {
        var response = request.response().setStatusCode(next.status());
        next.headers().forEach(response::putHeader);
        response.end(next.body());
        return;
      }
      int fresh = 0;
      JsonArray ids = new JsonArray();
      synchronized (stored) {
        for (Object o : batch) {
          JsonObject statement = (JsonObject) o;
          String id = statement.getString("id");
          JsonObject known = stored.get(id);
          if (known != null && !known.equals(statement)) {
            request.response().setStatusCode(409).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", "conflict")
                    .put("message", "statement " + id + " conflicts with a stored statement").encode());
            return;
          }
        }
        for (Object o : batch) {
          JsonObject statement = (JsonObject) o;
          if (stored.putIfAbsent(statement.getString("id"), statement) == null) {
            fresh++;
          }
          ids.add(statement.getString("id"));
        }
      }
      var response = request.response().setStatusCode(200).putHeader("Content-Type", "application/json");
      if (reportStored) {
        response.putHeader("X-Hub-Statements-Stored", Integer.toString(fresh));
      }
      response.end(ids.encode());
    });
  }
}
