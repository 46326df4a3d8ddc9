package org.ahphub.sharing.webhooks;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions and their delivery queue. Secrets cross this interface in clear; stores keep them sealed. */
public interface SubscriptionStore {

  /** What a subscription asks for: an empty {@code eventTypes} or a null list means any. */
  record Filters(List<String> eventTypes, List<UUID> personIds, List<String> domains, List<String> stages) {

    /** Whether the event passes every filter (access is checked apart); an event without a domain or stage fails those filters. */
    public boolean matches(Event event) {
      return (eventTypes.isEmpty() || eventTypes.contains(event.type()))
          && (personIds == null || personIds.contains(event.personId()))
          && (domains == null || event.domain() != null && domains.contains(event.domain()))
          && (stages == null || event.stage() != null && stages.contains(event.stage()));
    }
  }

  record Subscription(UUID id, UUID organisationId, String url, String description, Filters filters, String status,
      String disabledReason, String secret, String previousSecret, Instant previousSecretUntil, Instant createdAt,
      Instant updatedAt) {}

  /**
   * A delivery leased to one sender; {@code secrets} are the ones to sign with now; {@code allowed} says
   * whether the organisation could see the person when it was leased.
   */
  record ClaimedDelivery(long id, UUID subscriptionId, UUID organisationId, String eventId, UUID personId, String event,
      int attempts, Instant retryFrom, String url, List<String> secrets, boolean allowed, String traceparent) {

    public ClaimedDelivery(long id, UUID subscriptionId, UUID organisationId, String eventId, UUID personId,
        String event, int attempts, Instant retryFrom, String url, List<String> secrets, boolean allowed) {
      this(id, subscriptionId, organisationId, eventId, personId, event, attempts, retryFrom, url, secrets, allowed,
          null);
    }
  }

  /** How a leased delivery ended; the dispatcher records a batch of them at once. */
  sealed interface Outcome {
    long deliveryId();
  }

  /** The endpoint answered 2xx: delivered, and the person's audit log says so. */
  record Delivered(long deliveryId, int httpStatus) implements Outcome {}

  /** Not delivered; tried again at {@code next}. */
  record Retry(long deliveryId, Instant next, Integer httpStatus, String error) implements Outcome {}

  /** Ended without success: {@code dead} (listed as failed, replayable) or {@code dropped} (no access). */
  record Final(long deliveryId, String status, Integer httpStatus, String error) implements Outcome {}

  /** Never sent (its lease was running out or its endpoint's circuit opened): due again, the attempt not counted. */
  record Released(long deliveryId) implements Outcome {}

  record DeliveryRecord(long id, String eventId, UUID personId, String eventType, Instant eventTime, String status,
      int attempts, Integer lastStatus, String lastError, Instant deliveredAt, Instant createdAt) {}

  /** One event as the consumer read it, with what the filters look at. */
  record Event(String id, UUID personId, String type, String body, Instant time, String domain, String stage,
      String traceparent) {

    public Event(String id, UUID personId, String type, String body, Instant time, String domain, String stage) {
      this(id, personId, type, body, time, domain, stage, null);
    }

    public Event withTraceparent(String trace) {
      return new Event(id, personId, type, body, time, domain, stage, trace);
    }
  }

  Future<Subscription> create(UUID organisationId, String url, String description, Filters filters, String secret);

  Future<Optional<Subscription>> find(UUID id, UUID organisationId);

  Future<List<Subscription>> list(UUID organisationId);

  Future<Optional<Subscription>> update(UUID id, UUID organisationId, String url, String description, Filters filters);

  Future<Optional<Subscription>> setStatus(UUID id, UUID organisationId, String status, String reason);

  Future<Optional<Subscription>> rotateSecret(UUID id, UUID organisationId, String secret, Instant previousUntil);

  Future<Boolean> delete(UUID id, UUID organisationId);

  /**
   * Queues every event for every matching subscription whose organisation may see the person, set-based
   * (a fixed number of statements however many events); within a subscription a person's events are
   * queued in list order. Idempotent (one delivery per subscription and event id). Returns how many
   * deliveries were queued now.
   */
  Future<Integer> enqueue(List<Event> events);

  /**
   * Leases up to {@code limit} due deliveries, in id order: of each (subscription, person) queue the
   * oldest pending one and up to {@code run - 1} after it, to be sent one after another in that order;
   * per subscription no more than {@code free} says for it ({@code otherwise} for one not in it).
   * Only the {@code front} oldest pending deliveries of each subscription are considered
   * ({@link Integer#MAX_VALUE}: all of them).
   */
  Future<List<ClaimedDelivery>> claimDue(int limit, Map<UUID, Integer> free, int otherwise, int run, long leaseSeconds,
      int front);

  /** Records outcomes in one statement, with the audit entries of the delivered ones. */
  Future<Void> record(List<Outcome> outcomes);

  Future<Void> disable(UUID subscriptionId, String reason);

  /** Makes the subscription's deliveries that wait for a retry due now; returns how many. */
  Future<Integer> retryNow(UUID subscriptionId);

  Future<List<DeliveryRecord>> failed(UUID subscriptionId, long afterId, int limit);

  Future<List<DeliveryRecord>> deliveries(UUID subscriptionId, long afterId, int limit);

  /** Queues deliveries again; returns how many. */
  Future<Integer> replay(UUID subscriptionId, Long deliveryId, String eventId, Instant since, Instant until);
}
