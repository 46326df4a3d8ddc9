package org.ahphub.mapper.webhooks;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions and their delivery queue. Secrets cross this interface in clear; stores keep them sealed. */
public interface SubscriptionStore {

  record Filters(List<String> eventTypes, List<UUID> personIds, List<String> domains, List<String> stages) {}

  record Subscription(UUID id, UUID organisationId, String url, String description, Filters filters, String status,
      String disabledReason, String secret, String previousSecret, Instant previousSecretUntil, Instant createdAt,
      Instant updatedAt) {}

  /** A delivery leased to one sender; {@code secrets} are the ones to sign with now. */
  record ClaimedDelivery(long id, UUID subscriptionId, UUID organisationId, String eventId, UUID personId, String event,
      int attempts, Instant retryFrom, String url, List<String> secrets) {}

  record DeliveryRecord(long id, String eventId, UUID personId, String eventType, Instant eventTime, String status,
      int attempts, Integer lastStatus, String lastError, Instant deliveredAt, Instant createdAt) {}

  /** One event as the consumer read it, with what the filters look at. */
  record Event(String id, UUID personId, String type, String body, Instant time, String domain, String stage) {}

  Future<Subscription> create(UUID organisationId, String url, String description, Filters filters, String secret);

  Future<Optional<Subscription>> find(UUID id, UUID organisationId);

  Future<List<Subscription>> list(UUID organisationId);

  Future<Optional<Subscription>> update(UUID id, UUID organisationId, String url, String description, Filters filters);

  Future<Optional<Subscription>> setStatus(UUID id, UUID organisationId, String status, String reason);

  Future<Optional<Subscription>> rotateSecret(UUID id, UUID organisationId, String secret, Instant previousUntil);

  Future<Boolean> delete(UUID id, UUID organisationId);

  /** Queues the event for every matching subscription whose organisation may see the person; idempotent. */
  Future<Integer> enqueue(Event event);

  /**
   * Leases up to {@code limit} due deliveries: only the oldest pending one per (subscription, person),
   * and no more per subscription than {@code maxPerEndpoint} minus what {@code busy} says is in flight.
   */
  Future<List<ClaimedDelivery>> claimDue(int limit, Map<UUID, Integer> busy, int maxPerEndpoint, long leaseSeconds);

  /** Marks it delivered and writes the person's audit entry, in one transaction. */
  Future<Void> markDelivered(ClaimedDelivery delivery, int httpStatus);

  Future<Void> markRetry(long id, Instant next, Integer httpStatus, String error);

  /** Ends a delivery without success: {@code dead} (listed as failed, replayable) or {@code dropped} (no access). */
  Future<Void> markFinal(long id, String status, Integer httpStatus, String error);

  Future<Void> disable(UUID subscriptionId, String reason);

  Future<List<DeliveryRecord>> failed(UUID subscriptionId, long afterId, int limit);

  Future<List<DeliveryRecord>> deliveries(UUID subscriptionId, long afterId, int limit);

  /** Queues deliveries again; returns how many. */
  Future<Integer> replay(UUID subscriptionId, Long deliveryId, String eventId, Instant since, Instant until);
}
