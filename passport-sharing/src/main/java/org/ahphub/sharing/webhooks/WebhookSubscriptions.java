package org.ahphub.sharing.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.sharing.webhooks.SubscriptionStore.Filters;
import org.ahphub.sharing.webhooks.SubscriptionStore.Subscription;
import org.ahphub.sharing.webhooks.WebhookSender.Outcome;

/** Subscriptions as the API sees them: validated callback URLs and filters, secrets issued and rotated. */
public final class WebhookSubscriptions {

  public static final String PING = "org.ahphub.webhook.ping";
  public static final Set<String> EVENT_TYPES = Set.of(EventTypes.COMPETENCY_CREDITED, EventTypes.COMPETENCY_RENEWED,
      EventTypes.COMPETENCY_EXPIRING, EventTypes.COMPETENCY_EXPIRED, EventTypes.COMPETENCY_RETRACTED,
      EventTypes.STAGE_ATTAINED, EventTypes.STAGE_LOST, EventTypes.CREDENTIAL_REVOKED,
      EventTypes.PASSPORT_MERGED, EventTypes.PASSPORT_UNMERGED);
  public static final Set<String> STAGES = Set.of("entry", "intermediate", "assistant-practitioner");
  public static final Set<String> DOMAINS = Set.of("1", "2", "3", "4", "5", "6", "7", "8");
  /** The most person ids one subscription may filter on; more are refused (400). */
  public static final int MAX_PERSON_IDS = 1_000;
  /** The most entries in each of the other filter lists (event types, domains, stages). */
  public static final int MAX_FILTER_VALUES = 50;
  /** What a ping says about every target that gave no HTTP answer, whatever the reason. */
  public static final String UNREACHABLE = "the endpoint could not be reached (no HTTP response: the address is "
      + "refused, not allowed, unresolvable, unreachable or too slow)";
  private static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
  private static final Duration MAX_OVERLAP = Duration.ofDays(7);

  private final Vertx vertx;
  private final SubscriptionStore store;
  private final CallbackUrlPolicy policy;
  private final WebhookSender sender;

  public WebhookSubscriptions(Vertx vertx, SubscriptionStore store, CallbackUrlPolicy policy, WebhookSender sender) {
    this.vertx = vertx;
    this.store = store;
    this.policy = policy;
    this.sender = sender;
  }

  public SubscriptionStore store() {
    return store;
  }

  public Future<Subscription> create(UUID organisationId, String url, String description, Filters filters) {
    return validate(url, filters)
        .compose(v -> store.create(organisationId, url, description, filters, WebhookSignature.newSecret()));
  }

  public Future<Optional<Subscription>> update(UUID id, UUID organisationId, String url, String description,
      Filters filters) {
    return validate(url, filters).compose(v -> store.update(id, organisationId, url, description, filters));
  }

  /** A new secret; the old one keeps signing too (a second {@code v1,} signature) until the overlap ends. */
  public Future<Optional<Subscription>> rotateSecret(UUID id, UUID organisationId, Duration overlap) {
    Duration kept = overlap == null ? DEFAULT_OVERLAP : overlap;
    if (kept.isNegative() || kept.compareTo(MAX_OVERLAP) > 0) {
      return Future.failedFuture(new InvalidSubscription("$.overlapSeconds must be between 0 and " + MAX_OVERLAP.toSeconds()));
    }
    return store.rotateSecret(id, organisationId, WebhookSignature.newSecret(), Instant.now().plus(kept));
  }

  /**
   * Sends a signed ping now and says what the endpoint answered; nothing is queued or retried. A target
   * that gave no HTTP answer is reported as {@link #UNREACHABLE}, however it failed (connection refused,
   * address not allowed, no such host, unreachable, timed out), and only once the longest attempt
   * ({@link WebhookSender#maxDuration()}) would have ended: a ping cannot tell apart closed and open ports.
   */
  public Future<Outcome> ping(Subscription subscription) {
    long started = System.nanoTime();
    String id = "ping_" + UUID.randomUUID();
    CloudEvent event = new CloudEvent(id, "/subscriptions/" + subscription.id(), PING, null, Instant.now(),
        new JsonObject().put("subscriptionId", subscription.id().toString()));
    List<String> secrets = subscription.previousSecret() != null && subscription.previousSecretUntil() != null
        && subscription.previousSecretUntil().isAfter(Instant.now())
        ? List.of(subscription.secret(), subscription.previousSecret()) : List.of(subscription.secret());
    return sender.send(subscription.url(), id, Instant.now().getEpochSecond(), secrets, event.toJson().encode())
        .compose(outcome -> outcome.status() != 0 ? Future.succeededFuture(outcome) : unreachable(started));
  }

  private Future<Outcome> unreachable(long startedNanos) {
    Outcome uniform = new Outcome(0, UNREACHABLE);
    long remaining = sender.maxDuration().toMillis() - (System.nanoTime() - startedNanos) / 1_000_000;
    if (remaining <= 0) {
      return Future.succeededFuture(uniform);
    }
    io.vertx.core.Promise<Outcome> answered = io.vertx.core.Promise.promise();
    vertx.setTimer(remaining, timer -> answered.complete(uniform));
    return answered.future();
  }

  private static boolean tooMany(List<String> values) {
    return values != null && values.size() > MAX_FILTER_VALUES;
  }

  private Future<Void> validate(String url, Filters filters) {
    Optional<String> problem = policy.problemWith(url);
    if (problem.isPresent()) {
      return Future.failedFuture(new InvalidSubscription("$.url: " + problem.get()));
    }
    if (filters.personIds() != null && filters.personIds().size() > MAX_PERSON_IDS) {
      return Future.failedFuture(new InvalidSubscription("$.filters.personIds: at most " + MAX_PERSON_IDS
          + " person ids, got " + filters.personIds().size()));
    }
    if (tooMany(filters.eventTypes()) || tooMany(filters.domains()) || tooMany(filters.stages())) {
      return Future.failedFuture(new InvalidSubscription("$.eventTypes, $.filters.domains and $.filters.stages: at most "
          + MAX_FILTER_VALUES + " values each"));
    }
    for (String type : filters.eventTypes()) {
      if (!EVENT_TYPES.contains(type)) {
        return Future.failedFuture(new InvalidSubscription("$.eventTypes: unknown type " + type + "; known: " + EVENT_TYPES));
      }
    }
    if (filters.stages() != null && !STAGES.containsAll(filters.stages())) {
      return Future.failedFuture(new InvalidSubscription("$.filters.stages must be among " + STAGES));
    }
    if (filters.domains() != null && !DOMAINS.containsAll(filters.domains())) {
      return Future.failedFuture(new InvalidSubscription("$.filters.domains must be domain numbers 1 to 8"));
    }
    String host = URI.create(url).getHost();
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(host);
      } catch (java.net.UnknownHostException e) {
        throw new InvalidSubscription("$.url: host " + host + " does not resolve");
      }
      for (InetAddress address : addresses) {
        if (!policy.allows(address)) {
          throw new InvalidSubscription("$.url: " + host + " resolves to a private, loopback or link-local address");
        }
      }
      return null;
    }, false);
  }
}
