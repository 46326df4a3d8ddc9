package org.ahphub.sharing.webhooks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.ahphub.sharing.webhooks.SubscriptionStore.ClaimedDelivery;
import org.ahphub.sharing.webhooks.SubscriptionStore.Delivered;
import org.ahphub.sharing.webhooks.SubscriptionStore.Final;
import org.ahphub.sharing.webhooks.SubscriptionStore.Outcome;
import org.ahphub.sharing.webhooks.SubscriptionStore.Released;
import org.ahphub.sharing.webhooks.SubscriptionStore.Retry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued webhooks. A claim leases, in one query, the front of every (subscription, person)
 * queue: its oldest pending delivery and a few after it, sent here one after another, so a person's
 * events reach a subscription in order while different persons go out concurrently. At most
 * {@code maxInFlightPerEndpoint} requests are open per subscription (a slow endpoint holds only its
 * own slots) and each subscription holds only as many leased deliveries as it can send well within
 * the lease at its recent speed. Outcomes are recorded in batches, one statement each, and every
 * recorded batch starts the next claim; a wake-up from the consumer starts one at once. A timer only
 * looks for retries that came due.
 *
 * <p>Outcomes: 2xx delivered (and audited), 410 disables the subscription, anything else retries
 * with backoff and jitter until the retry window ends and the message is dead-lettered; what was
 * leased behind a retried delivery is given back unsent. Five failures in a row open a per-endpoint
 * circuit for a pause that doubles each time it opens again (at most a minute); after a pause one
 * request probes the endpoint, and once one is delivered, what waited for a retry is due at once. A
 * lease that expires (crash mid-send) makes the message due again: at-least-once. Access is checked
 * by the claim, just before the send, so ending a relationship stops deliveries already queued.
 */
public final class WebhookDispatcherVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcherVerticle.class);
  private static final int BATCH = 512;
  /** Most deliveries of one person leased at once, sent one after another. */
  private static final int RUN = 16;
  /** Most leased deliveries one subscription holds, however fast its endpoint answers. */
  private static final int MAX_HELD = 256;
  /**
   * How many of a subscription's oldest pending deliveries a claim looks at: what it holds and as many
   * again, so a claim costs the same at any backlog.
   */
  private static final int FRONT = 2 * MAX_HELD;
  /**
   * How often a claim looks at the whole queue instead, so persons queued behind a long front of
   * others' deliveries that wait for a retry still go out.
   */
  private static final long WHOLE_QUEUE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long IDLE_POLL_MILLIS = 200;
  private static final int CIRCUIT_THRESHOLD = 5;
  /**
   * Longest the circuit stays open before one request probes the endpoint again. The deliveries' own
   * retries back off for hours; the circuit must not, or an endpoint back after a few minutes' outage
   * would hear nothing for hours.
   */
  private static final long CIRCUIT_MAX_PAUSE_MILLIS = 60_000;
  /** A new endpoint's assumed answer time, until it has answered: modest, so a slow one is not handed many. */
  private static final double FIRST_GUESS_MILLIS = 1_000;

  public record Settings(int maxInFlightPerEndpoint, RetrySchedule retries, long leaseSeconds) {}

  /** One subscription's deliveries in this dispatcher. */
  private static final class Lane {
    /** In id order, so a person's come in the order they are to be sent. */
    final List<Held> queued = new LinkedList<>();
    /** Persons with a request open: their next delivery waits for its outcome. */
    final Set<UUID> sendingFor = new HashSet<>();
    int sending;
    /** Leased and not yet recorded: queued, sending, or waiting for the next record batch. */
    int held;
    /** Failed requests in a row. */
    int failures;
    /** Times the circuit opened since the last delivered request: each pause is twice the one before. */
    int trips;
    long openUntil;
    double answerMillis = FIRST_GUESS_MILLIS;
  }

  private record Held(ClaimedDelivery delivery, long leasedAtNanos) {}

  private record Ended(Lane lane, Outcome outcome) {}

  private final SubscriptionStore store;
  private final WebhookSender sender;
  private final Settings settings;
  private final WebhookMetrics metrics;
  private long circuitsTimer = -1;
  /** How long after its claim a delivery may still start: the lease must outlast the longest send. */
  private final long startWithinNanos;
  private final Map<UUID, Lane> lanes = new HashMap<>();
  private List<Ended> ended = new ArrayList<>();
  private MessageConsumer<Object> wakeUps;
  private boolean claiming;
  private boolean claimAgain;
  private boolean recording;
  private boolean stopped;
  /** The claim and the record batch last started: stopping waits for them before the pool closes. */
  private Future<?> lastClaim = Future.succeededFuture();
  private Future<?> lastRecord = Future.succeededFuture();
  private long timer = -1;
  private long wholeQueueAt = System.nanoTime();

  public WebhookDispatcherVerticle(SubscriptionStore store, WebhookSender sender, Settings settings) {
    this(store, sender, settings, null);
  }

  /** With {@code metrics} (may be null): attempts by outcome and circuit states. */
  public WebhookDispatcherVerticle(SubscriptionStore store, WebhookSender sender, Settings settings,
      WebhookMetrics metrics) {
    this.metrics = metrics;
    this.store = store;
    this.sender = sender;
    this.settings = settings;
    long startWithinMillis = TimeUnit.SECONDS.toMillis(settings.leaseSeconds()) - sender.maxDuration().toMillis() - 1_000;
    this.startWithinNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1_000, startWithinMillis));
  }

  @Override
  public Future<?> start() {
    wakeUps = vertx.eventBus().localConsumer(WebhookEventsVerticle.WAKE_UP, message -> claim());
    vertx.runOnContext(v -> claim());
    if (metrics != null) {
      circuitsTimer = vertx.setPeriodic(1_000, id -> countCircuits());
    }
    return Future.succeededFuture();
  }

  /** The lanes are this context's: counted here, read by the metrics endpoint from the counts. */
  private void countCircuits() {
    long now = System.currentTimeMillis();
    int closed = 0;
    int open = 0;
    int halfOpen = 0;
    for (Lane lane : lanes.values()) {
      if (lane.openUntil > now) {
        open++;
      } else if (lane.failures >= CIRCUIT_THRESHOLD) {
        halfOpen++;
      } else {
        closed++;
      }
    }
    metrics.closed.set(closed);
    metrics.open.set(open);
    metrics.halfOpen.set(halfOpen);
  }

  /**
   * Lets the claim and the record batch under way finish (the pool closes after this verticle), gives back
   * what that claim leased, and records what has ended; a send still open is sent again when its lease ends.
   */
  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    vertx.cancelTimer(circuitsTimer);
    return Future.join(lastClaim, lastRecord).transform(settled -> wakeUps.unregister())
        .compose(v -> {
          List<Outcome> last = ended.stream().map(Ended::outcome).toList();
          ended = new ArrayList<>();
          return store.record(last);
        })
        .recover(e -> Future.succeededFuture());
  }

  /** One claim at a time; a reason to claim during one asks for another right after. */
  private void claim() {
    if (stopped) {
      return;
    }
    if (claiming) {
      claimAgain = true;
      return;
    }
    claiming = true;
    claimAgain = false;
    vertx.cancelTimer(timer);
    lastClaim = store.claimDue(BATCH, free(), capacity(new Lane()), RUN, settings.leaseSeconds(), front())
        .onComplete(result -> {
          claiming = false;
          if (stopped) {
            if (result.succeeded()) {
              result.result().forEach(delivery -> ended.add(new Ended(
                  lanes.computeIfAbsent(delivery.subscriptionId(), id -> new Lane()), new Released(delivery.id()))));
            }
            return;
          }
          if (result.failed()) {
            LOG.warn("webhooks: claiming deliveries failed: {}", result.cause().toString());
            schedule(1_000);
            return;
          }
          List<ClaimedDelivery> claimed = result.result();
          long now = System.nanoTime();
          for (ClaimedDelivery delivery : claimed) {
            accept(delivery, now);
          }
          lanes.values().forEach(this::pump);
          if (claimAgain || claimed.size() == BATCH) {
            vertx.runOnContext(v -> claim());
          } else {
            schedule(IDLE_POLL_MILLIS);
          }
        });
  }

  private int front() {
    long now = System.nanoTime();
    if (now - wholeQueueAt < WHOLE_QUEUE_EVERY_NANOS) {
      return FRONT;
    }
    wholeQueueAt = now;
    return Integer.MAX_VALUE;
  }

  private void schedule(long millis) {
    if (!stopped) {
      vertx.cancelTimer(timer);
      timer = vertx.setTimer(millis, id -> claim());
    }
  }

  /** What each known subscription can take now; an open circuit takes nothing. */
  private Map<UUID, Integer> free() {
    Map<UUID, Integer> free = new HashMap<>();
    long now = System.currentTimeMillis();
    lanes.forEach((subscription, lane) ->
        free.put(subscription, lane.openUntil > now ? 0 : Math.max(0, capacity(lane) - lane.held)));
    return free;
  }

  /**
   * As many as the endpoint sends, at its recent answer time and full concurrency, in half the time a
   * leased delivery may wait to start: a slow endpoint is handed few, so leases do not run out.
   */
  private int capacity(Lane lane) {
    double perSlot = TimeUnit.NANOSECONDS.toMillis(startWithinNanos) / 2.0 / Math.max(1.0, lane.answerMillis);
    long capacity = (long) (settings.maxInFlightPerEndpoint() * perSlot);
    return (int) Math.max(settings.maxInFlightPerEndpoint(), Math.min(MAX_HELD, capacity));
  }

  private void accept(ClaimedDelivery delivery, long leasedAt) {
    Lane lane = lanes.computeIfAbsent(delivery.subscriptionId(), id -> new Lane());
    lane.held++;
    if (!delivery.allowed()) {
      done(lane, new Final(delivery.id(), "dropped", null, "the organisation no longer has access to this person"));
      return;
    }
    lane.queued.add(new Held(delivery, leasedAt));
  }

  /**
   * Starts sends while the subscription has free slots, the oldest first, each person's one at a time.
   * What can no longer start within its lease, or while the circuit is open, is given back.
   */
  private void pump(Lane lane) {
    boolean open = lane.openUntil > System.currentTimeMillis();
    // Half open: once the pause is over, one request at a time until one is delivered.
    int limit = lane.failures >= CIRCUIT_THRESHOLD ? 1 : settings.maxInFlightPerEndpoint();
    long now = System.nanoTime();
    Iterator<Held> queued = lane.queued.iterator();
    while (queued.hasNext() && (open || lane.sending < limit)) {
      Held next = queued.next();
      if (open || now - next.leasedAtNanos() > startWithinNanos) {
        queued.remove();
        done(lane, new Released(next.delivery().id()));
      } else if (!lane.sendingFor.contains(next.delivery().personId())) {
        queued.remove();
        send(lane, next.delivery());
      }
    }
  }

  /** The person's deliveries still queued here go back: none may overtake one that will be retried. */
  private void giveBack(Lane lane, UUID person) {
    Iterator<Held> queued = lane.queued.iterator();
    while (queued.hasNext()) {
      Held next = queued.next();
      if (next.delivery().personId().equals(person)) {
        queued.remove();
        done(lane, new Released(next.delivery().id()));
      }
    }
  }

  private void send(Lane lane, ClaimedDelivery delivery) {
    lane.sending++;
    lane.sendingFor.add(delivery.personId());
    long started = System.nanoTime();
    long timestamp = Instant.now().getEpochSecond();
    sender.send(delivery.url(), delivery.eventId(), timestamp, delivery.secrets(), delivery.event(),
            delivery.traceparent())
        .onComplete(result -> {
          lane.sending--;
          lane.sendingFor.remove(delivery.personId());
          double millis = (System.nanoTime() - started) / 1e6;
          lane.answerMillis = 0.8 * lane.answerMillis + 0.2 * millis;
          // The sender turns every failure into an outcome; a failed future would be a bug, retried like a 5xx.
          WebhookSender.Outcome outcome = result.succeeded() ? result.result()
              : new WebhookSender.Outcome(0, String.valueOf(result.cause()));
          Outcome judged = judge(lane, delivery, outcome);
          done(lane, judged);
          if (judged instanceof Retry) {
            giveBack(lane, delivery.personId());
          }
          pump(lane);
        });
  }

  private Outcome judge(Lane lane, ClaimedDelivery delivery, WebhookSender.Outcome outcome) {
    if (outcome.delivered()) {
      if (lane.trips > 0) {
        // The endpoint is back: what waits for a retry goes now, in order, at the usual concurrency.
        store.retryNow(delivery.subscriptionId())
            .onSuccess(due -> LOG.info("webhooks: subscription {} answers again; deliveries waiting for a retry, now due: {}",
                delivery.subscriptionId(), due))
            .onFailure(e -> LOG.warn("webhooks: bringing retries forward for subscription {} failed: {}",
                delivery.subscriptionId(), e.toString()));
      }
      lane.failures = 0;
      lane.trips = 0;
      lane.openUntil = 0;
      return new Delivered(delivery.id(), outcome.status());
    }
    if (outcome.status() == 410) {
      LOG.info("webhooks: subscription {} answered 410 Gone and is disabled", delivery.subscriptionId());
      store.disable(delivery.subscriptionId(), "endpoint answered 410 Gone")
          .onFailure(e -> LOG.warn("webhooks: disabling subscription {} failed: {}", delivery.subscriptionId(), e.toString()));
      lane.openUntil = System.currentTimeMillis() + settings.retries().base().toMillis();
      return new Final(delivery.id(), "dead", 410, "endpoint answered 410 Gone; subscription disabled");
    }
    recordFailure(lane);
    Integer status = outcome.status() == 0 ? null : outcome.status();
    return settings.retries().next(delivery.attempts(), delivery.retryFrom(), Instant.now(), ThreadLocalRandom.current())
        .<Outcome>map(next -> new Retry(delivery.id(), next, status, outcome.error()))
        .orElseGet(() -> {
          LOG.info("webhooks: delivery {} of event {} dead-lettered after {} attempts", delivery.id(),
              delivery.eventId(), delivery.attempts());
          return new Final(delivery.id(), "dead", status, outcome.error());
        });
  }

  /**
   * Opens the circuit after {@link #CIRCUIT_THRESHOLD} failures in a row, and again whenever the probe after
   * a pause fails; requests that were already open when it opened fail without lengthening the pause.
   */
  private void recordFailure(Lane lane) {
    lane.failures++;
    long now = System.currentTimeMillis();
    if (lane.failures >= CIRCUIT_THRESHOLD && lane.openUntil <= now) {
      lane.trips++;
      lane.openUntil = now + circuitPause(settings.retries().base().toMillis(), lane.trips);
    }
  }

  /** The retry base doubled for each trip after the first, at most {@link #CIRCUIT_MAX_PAUSE_MILLIS}. */
  static long circuitPause(long baseMillis, int trips) {
    return Math.min(CIRCUIT_MAX_PAUSE_MILLIS, baseMillis * (1L << Math.min(20, Math.max(0, trips - 1))));
  }

  private void done(Lane lane, Outcome outcome) {
    if (metrics != null) {
      if (outcome instanceof Delivered) {
        metrics.delivered.increment();
      } else if (outcome instanceof Retry) {
        metrics.retried.increment();
      } else if (outcome instanceof Final last) {
        ("dead".equals(last.status()) ? metrics.dead : metrics.dropped).increment();
      }
    }
    ended.add(new Ended(lane, outcome));
    recordOutcomes();
  }

  /**
   * One record batch at a time: outcomes that arrive meanwhile wait for the next, so under load one
   * statement records many. Once recorded they no longer count as held, and the next claim finds the
   * persons' next events as heads.
   */
  private void recordOutcomes() {
    if (recording || ended.isEmpty() || stopped) {
      return;
    }
    recording = true;
    List<Ended> batch = ended;
    ended = new ArrayList<>();
    lastRecord = store.record(batch.stream().map(Ended::outcome).toList())
        .onFailure(e -> LOG.warn("webhooks: recording {} outcomes failed ({}); their leases will expire and they are sent again",
            batch.size(), e.toString()))
        .onComplete(done -> {
          recording = false;
          batch.forEach(e -> e.lane().held--);
          recordOutcomes();
          claim();
        });
  }
}
