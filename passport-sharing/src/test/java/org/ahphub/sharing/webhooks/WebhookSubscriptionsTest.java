package org.ahphub.sharing.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.ahphub.sharing.webhooks.SubscriptionStore.Filters;
import org.ahphub.sharing.webhooks.SubscriptionStore.Subscription;
import org.ahphub.sharing.webhooks.WebhookSender.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Subscription validation and pings, without a store: a ping only sends, validation refuses before storing. */
class WebhookSubscriptionsTest {

  private static final Duration CONNECT = Duration.ofMillis(400);
  private static final Duration READ = Duration.ofMillis(400);

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private WebhookSubscriptions subscriptions(boolean devMode) {
    CallbackUrlPolicy policy = new CallbackUrlPolicy(devMode);
    return new WebhookSubscriptions(vertx, null, policy, new WebhookSender(vertx, policy, CONNECT, READ, 1));
  }

  private static Subscription subscription(String url) {
    return new Subscription(UUID.randomUUID(), UUID.randomUUID(), url, null, new Filters(List.of(), null, null, null),
        "active", null, "whsec_test", null, null, Instant.now(), Instant.now());
  }

  private record Timed(Outcome outcome, long millis) {}

  private static Timed timed(WebhookSubscriptions subscriptions, String url) {
    long started = System.nanoTime();
    Outcome outcome = subscriptions.ping(subscription(url)).await();
    return new Timed(outcome, (System.nanoTime() - started) / 1_000_000);
  }

  @Test
  @DisplayName("a ping to a closed port, an open port that never answers, a refused address and an unknown host says the same, in the same time")
  void pingsDoNotTellPortsApart() throws Exception {
    int closed;
    try (ServerSocket probe = new ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept());
          }
        } catch (IOException stopped) {
          // closed at the end of the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();

      WebhookSubscriptions development = subscriptions(true);
      timed(development, "http://127.0.0.1:" + closed + "/warm-up"); // class loading and the first connection
      List<Timed> pings = List.of(
          timed(development, "http://127.0.0.1:" + closed + "/hook"),
          timed(development, "http://127.0.0.1:" + silent.getLocalPort() + "/hook"),
          timed(subscriptions(false), "https://127.0.0.1:" + silent.getLocalPort() + "/hook"),
          timed(development, "http://no-such-host.invalid/hook"));

      for (Timed ping : pings) {
        assertThat(ping.outcome()).isEqualTo(new Outcome(0, WebhookSubscriptions.UNREACHABLE));
        // What would tell ports apart is an early answer (a refused connection fails at once): none may come
        // before the longest attempt would end. A late one tells nothing, and on a loaded machine (or a slow
        // resolver for the unknown host) any may be late, so the upper bound only catches a hang.
        assertThat(ping.millis()).as("answered when the longest attempt would end, not before")
            .isBetween(CONNECT.plus(READ).toMillis() - 20, CONNECT.plus(READ).toMillis() + 15_000);
      }
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  @DisplayName("filters are capped: more than 1,000 person ids, or more than 50 values in another filter, are refused")
  void filtersAreCapped() {
    WebhookSubscriptions subscriptions = subscriptions(false);
    List<UUID> tooMany = IntStream.range(0, 1_001).mapToObj(i -> UUID.randomUUID()).toList();
    assertThatThrownBy(() -> subscriptions.create(UUID.randomUUID(), "https://hooks.example.org/ahp", null,
        new Filters(List.of(), tooMany, null, null)).await())
        .isInstanceOf(InvalidSubscription.class).hasMessageContaining("at most 1000 person ids");
    List<String> manyStages = IntStream.range(0, 51).mapToObj(i -> "entry").toList();
    assertThatThrownBy(() -> subscriptions.create(UUID.randomUUID(), "https://hooks.example.org/ahp", null,
        new Filters(List.of(), null, null, manyStages)).await())
        .isInstanceOf(InvalidSubscription.class).hasMessageContaining("at most 50 values");
  }
}
