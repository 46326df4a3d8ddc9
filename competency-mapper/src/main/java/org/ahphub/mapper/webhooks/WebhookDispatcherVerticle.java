package org.ahphub.mapper.webhooks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.ahphub.mapper.access.AccessStore;
import org.ahphub.mapper.webhooks.SubscriptionStore.ClaimedDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued webhooks. Each round leases the due head of every (subscription, person) queue, so
 * a person's events reach a subscription in order and one at a time, and at most
 * {@code maxInFlightPerEndpoint} requests are open per subscription: a slow endpoint holds only its
 * own slots. Repeated failures open a per-endpoint circuit for a while. Outcomes: 2xx delivered
 * (and audited), 410 disables the subscription, anything else retries with backoff and jitter until
 * the retry window ends and the message is dead-lettered. A lease that expires (crash mid-send) makes
 * the message due again: at-least-once. Access is checked again before each send, so ending a
 * relationship stops deliveries at once.
 */
public final class WebhookDispatcherVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcherVerticle.class);
  private static final int BATCH = 256;
  private static final long IDLE_POLL_MILLIS = 200;
  private static final int CIRCUIT_THRESHOLD = 5;

  public record Settings(int maxInFlightPerEndpoint, RetrySchedule retries, long leaseSeconds) {}

  private record Circuit(int failures, long openUntil) {}

  private final SubscriptionStore store;
  private final AccessStore access;
  private final WebhookSender sender;
  private final Settings settings;
  private final Map<UUID, Integer> inFlight = new HashMap<>();
  private final Map<UUID, Circuit> circuits = new HashMap<>();
  private MessageConsumer<Object> wakeUps;
  private boolean claiming;
  private boolean again;
  private boolean stopped;
  private long timer = -1;

  public WebhookDispatcherVerticle(SubscriptionStore store, AccessStore access, WebhookSender sender, Settings settings) {
    this.store = store;
    this.access = access;
    this.sender = sender;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    wakeUps = vertx.eventBus().localConsumer(WebhookEventsVerticle.WAKE_UP, message -> round());
    vertx.runOnContext(v -> round());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return wakeUps.unregister();
  }

  /** One claim at a time; a wake-up during a claim asks for another round right after. */
  private void round() {
    if (stopped) {
      return;
    }
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    again = false;
    vertx.cancelTimer(timer);
    store.claimDue(BATCH, busy(), settings.maxInFlightPerEndpoint(), settings.leaseSeconds())
        .onComplete(result -> {
          claiming = false;
          if (result.failed()) {
            LOG.warn("webhooks: claiming deliveries failed: {}", result.cause().toString());
            schedule(1_000);
            return;
          }
          List<ClaimedDelivery> claimed = result.result();
          claimed.forEach(this::deliver);
          if (again || claimed.size() == BATCH) {
            vertx.runOnContext(v -> round());
          } else {
            schedule(IDLE_POLL_MILLIS);
          }
        });
  }

  private void schedule(long millis) {
    if (!stopped) {
      vertx.cancelTimer(timer);
      timer = vertx.setTimer(millis, id -> round());
    }
  }

  /** In-flight counts per subscription; an open circuit counts as full. */
  private Map<UUID, Integer> busy() {
    Map<UUID, Integer> busy = new HashMap<>(inFlight);
    long now = System.currentTimeMillis();
    circuits.forEach((subscription, circuit) -> {
      if (circuit.openUntil() > now) {
        busy.put(subscription, settings.maxInFlightPerEndpoint());
      }
    });
    return busy;
  }

  private void deliver(ClaimedDelivery delivery) {
    inFlight.merge(delivery.subscriptionId(), 1, Integer::sum);
    access.hasAccess(delivery.personId(), delivery.organisationId())
        .compose(allowed -> allowed ? send(delivery)
            : store.markFinal(delivery.id(), "dropped", null, "the organisation no longer has access to this person"))
        .onFailure(e -> LOG.warn("webhooks: delivery {} could not be recorded ({}); its lease will expire and it is sent again",
            delivery.id(), e.toString()))
        .onComplete(done -> {
          inFlight.computeIfPresent(delivery.subscriptionId(), (k, n) -> n <= 1 ? null : n - 1);
          round();
        });
  }

  private Future<Void> send(ClaimedDelivery delivery) {
    long timestamp = Instant.now().getEpochSecond();
    return sender.send(delivery.url(), delivery.eventId(), timestamp, delivery.secrets(), delivery.event())
        .compose(outcome -> {
          if (outcome.delivered()) {
            circuits.remove(delivery.subscriptionId());
            return store.markDelivered(delivery, outcome.status());
          }
          if (outcome.status() == 410) {
            LOG.info("webhooks: subscription {} answered 410 Gone and is disabled", delivery.subscriptionId());
            return store.markFinal(delivery.id(), "dead", 410, "endpoint answered 410 Gone; subscription disabled")
                .compose(v -> store.disable(delivery.subscriptionId(), "endpoint answered 410 Gone"));
          }
          recordFailure(delivery.subscriptionId());
          Integer status = outcome.status() == 0 ? null : outcome.status();
          Instant now = Instant.now();
          return settings.retries().next(delivery.attempts(), delivery.retryFrom(), now, ThreadLocalRandom.current())
              .map(next -> store.markRetry(delivery.id(), next, status, outcome.error()))
              .orElseGet(() -> {
                LOG.info("webhooks: delivery {} of event {} dead-lettered after {} attempts", delivery.id(),
                    delivery.eventId(), delivery.attempts());
                return store.markFinal(delivery.id(), "dead", status, outcome.error());
              });
        });
  }

  private void recordFailure(UUID subscription) {
    Circuit before = circuits.getOrDefault(subscription, new Circuit(0, 0));
    int failures = before.failures() + 1;
    long openUntil = before.openUntil();
    if (failures >= CIRCUIT_THRESHOLD) {
      long pause = Math.min(settings.retries().maxDelay().toMillis(),
          settings.retries().base().toMillis() * (1L << Math.min(20, failures - CIRCUIT_THRESHOLD)));
      openUntil = System.currentTimeMillis() + pause;
    }
    circuits.put(subscription, new Circuit(failures, openUntil));
  }
}
