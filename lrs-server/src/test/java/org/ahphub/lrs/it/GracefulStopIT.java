package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ahphub.lrs.it.TestLrs.await;
import static org.ahphub.lrs.it.TestLrs.statement;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ahphub.platform.db.DatabaseConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Stopping an LRS under load (a rolling restart, a scale-in): what it had accepted is answered before the
 * database pool closes, so no client sees a 500 and nothing is stored that its client was not told of.
 */
@DisplayName("Stopping the LRS under load: requests in flight are answered, nothing is stored unacknowledged")
class GracefulStopIT {

  private static final int LOOPS = 16;
  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";

  /** What one POST got: an HTTP status (and its body), or a transport failure before any answer. */
  private record Outcome(UUID id, int status, String body, String failure, long startedNanos, long endedNanos) {}

  @Test
  @DisplayName("single POSTs from 16 loops while the LRS stops: no 5xx, requests in flight answered 200, stored exactly what was acknowledged")
  void stopDrainsRequestsInFlight() throws Exception {
    TestLrs lrs = TestLrs.start();
    DatabaseConfig database = lrs.database();
    Vertx clientVertx = Vertx.vertx();
    WebClient client = WebClient.create(clientVertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(lrs.server().port()),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(LOOPS));
    Map<UUID, Outcome> outcomes = new ConcurrentHashMap<>();
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicBoolean refused = new AtomicBoolean();
    CountDownLatch loopsDone = new CountDownLatch(LOOPS);
    try {
      for (int i = 0; i < LOOPS; i++) {
        clientVertx.runOnContext(v -> postUntilRefused(client, outcomes, acknowledged, refused)
            .onComplete(done -> loopsDone.countDown()));
      }
      waitFor(() -> acknowledged.get() >= 300, 30);
      long stopAt = System.nanoTime();
      lrs.close();
      assertThat(loopsDone.await(30, TimeUnit.SECONDS)).as("every loop ended").isTrue();

      List<Outcome> all = new ArrayList<>(outcomes.values());
      assertThat(all).as("no request got a server error")
          .noneMatch(o -> o.status() >= 500 && o.status() != 503);
      assertThat(all.stream().filter(o -> o.status() == 503))
          .as("a refusal while stopping is an xAPI error document")
          .allMatch(o -> new JsonObject(o.body()).containsKey("message"));
      Set<UUID> answered200 = new HashSet<>();
      all.stream().filter(o -> o.status() == 200).forEach(o -> answered200.add(o.id()));
      Set<UUID> stored = storedAmong(clientVertx, database, outcomes.keySet());
      assertThat(stored).as("every acknowledged statement is stored, and nothing unacknowledged is")
          .isEqualTo(answered200);
      // A request sent on an idle connection just as it closes is never read (a transport failure, nothing
      // stored); the ones the LRS had read are answered while it drains.
      assertThat(all).as("requests in flight when the stop began were answered 200 after it")
          .anyMatch(o -> o.status() == 200 && o.startedNanos() < stopAt && o.endedNanos() > stopAt);
    } finally {
      clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** POSTs one statement after another until the LRS refuses connections (it has stopped listening). */
  private static Future<Void> postUntilRefused(WebClient client, Map<UUID, Outcome> outcomes,
      AtomicInteger acknowledged, AtomicBoolean refused) {
    if (refused.get()) {
      return Future.succeededFuture();
    }
    UUID id = UUID.randomUUID();
    JsonObject body = statement(TestLrs.uniqueMbox(), COMPLETED, "http://example.org/graceful/" + id)
        .put("id", id.toString());
    long started = System.nanoTime();
    Promise<Void> sent = Promise.promise();
    client.post("/xapi/statements")
        .putHeader("Authorization", TestLrs.basic(TestLrs.KEY, TestLrs.SECRET))
        .putHeader("X-Experience-API-Version", "1.0.3")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body.encode()))
        .onSuccess(response -> {
          outcomes.put(id, new Outcome(id, response.statusCode(), response.bodyAsString(), null, started,
              System.nanoTime()));
          if (response.statusCode() == 200) {
            acknowledged.incrementAndGet();
          }
          sent.complete();
        })
        .onFailure(failure -> {
          outcomes.put(id, new Outcome(id, 0, null, failure.toString(), started, System.nanoTime()));
          if (failure instanceof java.net.ConnectException) {
            refused.set(true);
          }
          sent.complete();
        });
    return sent.future().compose(v -> postUntilRefused(client, outcomes, acknowledged, refused));
  }

  private static Set<UUID> storedAmong(Vertx vertx, DatabaseConfig database, Set<UUID> ids) {
    Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(database.host())
        .setPort(database.port()).setDatabase(database.database()).setUser(database.user())
        .setPassword(database.password())).using(vertx).build();
    try {
      Set<UUID> stored = new HashSet<>();
      for (Row row : await(pool.preparedQuery("SELECT id FROM lrs.statement WHERE id = ANY($1::uuid[])")
          .execute(Tuple.of(ids.toArray(UUID[]::new))))) {
        stored.add(row.getUUID("id"));
      }
      return stored;
    } finally {
      await(pool.close());
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %d s", seconds).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
