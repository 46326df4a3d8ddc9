package org.ahphub.mapper.webhooks.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.mapper.access.SecretBox;
import org.ahphub.mapper.webhooks.SubscriptionStore;
import org.ahphub.platform.db.SqlResources;

/** {@link SubscriptionStore} on PostgreSQL, schema {@code mapper}; signing secrets are sealed with a {@link SecretBox}. */
public final class PgSubscriptionStore implements SubscriptionStore {

  private static final String INSERT = sql("insert-subscription");
  private static final String SELECT = sql("select-subscription");
  private static final String SELECT_ALL = sql("select-subscriptions");
  private static final String UPDATE = sql("update-subscription");
  private static final String SET_STATUS = sql("set-subscription-status");
  private static final String DISABLE = sql("disable-subscription");
  private static final String ROTATE = sql("rotate-subscription-secret");
  private static final String DELETE = sql("delete-subscription");
  private static final String ENQUEUE = sql("enqueue-event");
  private static final String CLAIM = sql("claim-due");
  private static final String MARK_DELIVERED = sql("mark-delivered");
  private static final String MARK_RETRY = sql("mark-retry");
  private static final String MARK_FINAL = sql("mark-final");
  private static final String SELECT_FAILED = sql("select-failed");
  private static final String SELECT_DELIVERIES = sql("select-deliveries");
  private static final String REPLAY = sql("replay");
  private static final String AUDIT = sql("insert-delivery-audit");

  private final Pool pool;
  private final SecretBox box;

  public PgSubscriptionStore(Pool pool, SecretBox box) {
    this.pool = pool;
    this.box = box;
  }

  private static String sql(String name) {
    return SqlResources.load("sql/mapper/webhooks/" + name + ".sql");
  }

  @Override
  public Future<Subscription> create(UUID organisationId, String url, String description, Filters filters, String secret) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.wrap(new Object[] {UUID.randomUUID(), organisationId, url, description,
            filters.eventTypes().toArray(String[]::new), array(filters.personIds()), strings(filters.domains()),
            strings(filters.stages()), box.seal(secret)}))
        .map(rows -> subscription(rows.iterator().next()));
  }

  @Override
  public Future<Optional<Subscription>> find(UUID id, UUID organisationId) {
    return pool.preparedQuery(SELECT).execute(Tuple.of(id, organisationId)).map(this::first);
  }

  @Override
  public Future<List<Subscription>> list(UUID organisationId) {
    return pool.preparedQuery(SELECT_ALL).execute(Tuple.of(organisationId)).map(rows -> {
      List<Subscription> all = new ArrayList<>();
      rows.forEach(row -> all.add(subscription(row)));
      return all;
    });
  }

  @Override
  public Future<Optional<Subscription>> update(UUID id, UUID organisationId, String url, String description,
      Filters filters) {
    return pool.preparedQuery(UPDATE)
        .execute(Tuple.wrap(new Object[] {id, organisationId, url, description,
            filters.eventTypes().toArray(String[]::new), array(filters.personIds()), strings(filters.domains()),
            strings(filters.stages())}))
        .map(this::first);
  }

  @Override
  public Future<Optional<Subscription>> setStatus(UUID id, UUID organisationId, String status, String reason) {
    return pool.preparedQuery(SET_STATUS).execute(Tuple.of(id, organisationId, status, reason)).map(this::first);
  }

  @Override
  public Future<Optional<Subscription>> rotateSecret(UUID id, UUID organisationId, String secret, Instant previousUntil) {
    return pool.preparedQuery(ROTATE).execute(Tuple.of(id, organisationId, box.seal(secret), utc(previousUntil)))
        .map(this::first);
  }

  @Override
  public Future<Boolean> delete(UUID id, UUID organisationId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id, organisationId)).map(rows -> rows.size() == 1);
  }

  @Override
  public Future<Integer> enqueue(Event event) {
    return pool.preparedQuery(ENQUEUE)
        .execute(Tuple.wrap(new Object[] {event.id(), event.personId(), event.type(), event.body(), utc(event.time()),
            event.domain(), event.stage()}))
        .map(RowSet::rowCount);
  }

  @Override
  public Future<List<ClaimedDelivery>> claimDue(int limit, Map<UUID, Integer> busy, int maxPerEndpoint,
      long leaseSeconds) {
    UUID[] ids = busy.keySet().toArray(UUID[]::new);
    Integer[] counts = Arrays.stream(ids).map(busy::get).toArray(Integer[]::new);
    return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, ids, counts, maxPerEndpoint, leaseSeconds))
        .map(rows -> {
          List<ClaimedDelivery> claimed = new ArrayList<>();
          Instant now = Instant.now();
          for (Row row : rows) {
            List<String> secrets = new ArrayList<>();
            secrets.add(box.open(row.getString("secret")));
            OffsetDateTime previousUntil = row.getOffsetDateTime("previous_secret_until");
            if (row.getString("previous_secret") != null && previousUntil != null && previousUntil.toInstant().isAfter(now)) {
              secrets.add(box.open(row.getString("previous_secret")));
            }
            claimed.add(new ClaimedDelivery(row.getLong("id"), row.getUUID("subscription_id"),
                row.getUUID("organisation_id"), row.getString("event_id"), row.getUUID("person_id"),
                row.getString("event"), row.getInteger("attempts"), row.getOffsetDateTime("retry_from").toInstant(),
                row.getString("url"), secrets));
          }
          claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
          return claimed;
        });
  }

  @Override
  public Future<Void> markDelivered(ClaimedDelivery delivery, int httpStatus) {
    JsonObject detail = new JsonObject().put("subscriptionId", delivery.subscriptionId().toString())
        .put("eventId", delivery.eventId()).put("deliveryId", delivery.id()).put("httpStatus", httpStatus)
        .put("attempts", delivery.attempts());
    return pool.withTransaction(connection -> connection.preparedQuery(MARK_DELIVERED)
        .execute(Tuple.of(delivery.id(), httpStatus))
        .compose(v -> connection.preparedQuery(AUDIT).execute(Tuple.of(delivery.personId(), delivery.organisationId(), detail)))
        .mapEmpty());
  }

  @Override
  public Future<Void> markRetry(long id, Instant next, Integer httpStatus, String error) {
    return pool.preparedQuery(MARK_RETRY).execute(Tuple.of(id, utc(next), httpStatus, error)).mapEmpty();
  }

  @Override
  public Future<Void> markFinal(long id, String status, Integer httpStatus, String error) {
    return pool.preparedQuery(MARK_FINAL).execute(Tuple.of(id, status, httpStatus, error)).mapEmpty();
  }

  @Override
  public Future<Void> disable(UUID subscriptionId, String reason) {
    return pool.preparedQuery(DISABLE).execute(Tuple.of(subscriptionId, reason)).mapEmpty();
  }

  @Override
  public Future<List<DeliveryRecord>> failed(UUID subscriptionId, long afterId, int limit) {
    return pool.preparedQuery(SELECT_FAILED).execute(Tuple.of(subscriptionId, afterId, limit)).map(PgSubscriptionStore::records);
  }

  @Override
  public Future<List<DeliveryRecord>> deliveries(UUID subscriptionId, long afterId, int limit) {
    return pool.preparedQuery(SELECT_DELIVERIES).execute(Tuple.of(subscriptionId, afterId, limit))
        .map(PgSubscriptionStore::records);
  }

  @Override
  public Future<Integer> replay(UUID subscriptionId, Long deliveryId, String eventId, Instant since, Instant until) {
    return pool.preparedQuery(REPLAY)
        .execute(Tuple.of(subscriptionId, deliveryId, eventId, utc(since), utc(until)))
        .map(RowSet::rowCount);
  }

  private static List<DeliveryRecord> records(RowSet<Row> rows) {
    List<DeliveryRecord> all = new ArrayList<>();
    for (Row row : rows) {
      all.add(new DeliveryRecord(row.getLong("id"), row.getString("event_id"), row.getUUID("person_id"),
          row.getString("event_type"), instant(row, "event_time"),
          hasColumn(row, "status") ? row.getString("status") : "dead", row.getInteger("attempts"),
          row.getInteger("last_status"), row.getString("last_error"),
          hasColumn(row, "delivered_at") ? instant(row, "delivered_at") : null, instant(row, "created_at")));
    }
    return all;
  }

  private static boolean hasColumn(Row row, String column) {
    return row.getColumnIndex(column) >= 0;
  }

  private Optional<Subscription> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(subscription(rows.iterator().next()));
  }

  private Subscription subscription(Row row) {
    String previous = row.getString("previous_secret");
    return new Subscription(row.getUUID("id"), row.getUUID("organisation_id"), row.getString("url"),
        row.getString("description"),
        new Filters(List.of(row.getArrayOfStrings("event_types")), list(row.getArrayOfUUIDs("person_ids")),
            list(row.getArrayOfStrings("domains")), list(row.getArrayOfStrings("stages"))),
        row.getString("status"), row.getString("disabled_reason"), box.open(row.getString("secret")),
        previous == null ? null : box.open(previous), instant(row, "previous_secret_until"),
        instant(row, "created_at"), instant(row, "updated_at"));
  }

  private static <T> List<T> list(T[] values) {
    return values == null ? null : List.of(values);
  }

  private static UUID[] array(List<UUID> values) {
    return values == null ? null : values.toArray(UUID[]::new);
  }

  private static String[] strings(List<String> values) {
    return values == null ? null : values.toArray(String[]::new);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
