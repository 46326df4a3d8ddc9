package org.ahphub.sharing.webhooks.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.Databases;
import org.ahphub.events.EventTypes;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.sharing.webhooks.SubscriptionStore;

/** {@link SubscriptionStore} on PostgreSQL, schema {@code mapper}; signing secrets are sealed with a {@link SecretBox}. */
public final class PgSubscriptionStore implements SubscriptionStore {

  private static final String INSERT = sql("insert-subscription");
  private static final String SELECT = sql("select-subscription");
  private static final String SELECT_ALL = sql("select-subscriptions");
  private static final String UPDATE = sql("update-subscription");
  private static final String SET_STATUS = sql("set-subscription-status");
  private static final String DISABLE = sql("disable-subscription");
  private static final String RETRY_NOW = sql("retry-now");
  private static final String ROTATE = sql("rotate-subscription-secret");
  private static final String DELETE = sql("delete-subscription");
  private static final String RECIPIENTS = sql("select-recipients");
  private static final String ENQUEUE = sql("enqueue-events");
  private static final String CLAIM = sql("claim-due");
  private static final String RECORD = sql("record-outcomes");
  private static final String SELECT_FAILED = sql("select-failed");
  private static final String SELECT_DELIVERIES = sql("select-deliveries");
  private static final String REPLAY = sql("replay");
  /** Opened secrets by sealed value: a claim of hundreds of deliveries would otherwise decrypt each one. */
  private static final int OPENED_MAX = 10_000;

  private final Pool pool;
  private final SecretBox box;
  private final Map<String, String> opened = new ConcurrentHashMap<>();

  public PgSubscriptionStore(Pool pool, SecretBox box) {
    this.pool = pool;
    this.box = box;
  }

  private static String sql(String name) {
    return SqlResources.load("sql/sharing/webhooks/" + name + ".sql");
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

  /** A subscription that may receive some of a poll's events: its filters and the persons it may see. */
  private record Recipient(UUID id, Filters filters, Set<UUID> persons) {}

  /**
   * Two statements, neither with a join whose plan depends on the poll's size: who may receive events
   * about these persons, then the deliveries, matched here against each subscription's filters.
   */
  @Override
  public Future<Integer> enqueue(List<Event> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture(0);
    }
    UUID[] persons = events.stream().map(Event::personId).distinct().toArray(UUID[]::new);
    return pool.preparedQuery(RECIPIENTS).execute(Tuple.of(persons))
        .map(PgSubscriptionStore::recipients)
        .compose(recipients -> insert(events, recipients));
  }

  private static List<Recipient> recipients(RowSet<Row> rows) {
    List<Recipient> recipients = new ArrayList<>();
    for (Row row : rows) {
      recipients.add(new Recipient(row.getUUID("id"), filters(row),
          new HashSet<>(Arrays.asList(row.getArrayOfUUIDs("persons")))));
    }
    return recipients;
  }

  private Future<Integer> insert(List<Event> events, List<Recipient> recipients) {
    List<Event> queued = new ArrayList<>();
    List<String> subscriptions = new ArrayList<>();
    for (Event event : events) {
      StringJoiner to = new StringJoiner(",");
      for (Recipient recipient : recipients) {
        if (recipient.persons().contains(event.personId()) && recipient.filters().matches(event)) {
          to.add(recipient.id().toString());
        }
      }
      if (to.length() > 0) {
        queued.add(event);
        subscriptions.add(to.toString());
      }
    }
    if (queued.isEmpty()) {
      return Future.succeededFuture(0);
    }
    int n = queued.size();
    String[] ids = new String[n];
    UUID[] persons = new UUID[n];
    String[] types = new String[n];
    String[] bodies = new String[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[] traces = new String[n];
    for (int i = 0; i < n; i++) {
      Event event = queued.get(i);
      ids[i] = event.id();
      persons[i] = event.personId();
      types[i] = event.type();
      bodies[i] = event.body();
      times[i] = utc(event.time());
      traces[i] = event.traceparent();
    }
    return pool.preparedQuery(ENQUEUE)
        .execute(Tuple.wrap(new Object[] {ids, persons, types, bodies, times, subscriptions.toArray(String[]::new), traces}))
        .map(RowSet::rowCount);
  }

  @Override
  public Future<List<ClaimedDelivery>> claimDue(int limit, Map<UUID, Integer> free, int otherwise, int run,
      long leaseSeconds, int front) {
    UUID[] ids = free.keySet().toArray(UUID[]::new);
    Integer[] counts = Arrays.stream(ids).map(free::get).toArray(Integer[]::new);
    return pool.withTransaction(connection -> {
          // Sent first: a connection runs its commands in the order they are sent.
          Future<Void> customPlans = Databases.planForParameters(connection);
          Future<RowSet<Row>> claim = connection.preparedQuery(CLAIM)
              .execute(Tuple.wrap(new Object[] {limit, ids, counts, otherwise, leaseSeconds, run, front,
                  EventTypes.PASSPORT_ERASED}));
          return Future.all(customPlans, claim).map(v -> claim.result());
        })
        .compose(rows -> {
          List<ClaimedDelivery> claimed = new ArrayList<>();
          List<Outcome> givenBack = new ArrayList<>();
          Instant now = Instant.now();
          for (Row row : rows) {
            if (!row.getBoolean("in_order")) {
              givenBack.add(new Released(row.getLong("id")));
              continue;
            }
            List<String> secrets = new ArrayList<>();
            secrets.add(open(row.getString("secret")));
            OffsetDateTime previousUntil = row.getOffsetDateTime("previous_secret_until");
            if (row.getString("previous_secret") != null && previousUntil != null && previousUntil.toInstant().isAfter(now)) {
              secrets.add(open(row.getString("previous_secret")));
            }
            claimed.add(new ClaimedDelivery(row.getLong("id"), row.getUUID("subscription_id"),
                row.getUUID("organisation_id"), row.getString("event_id"), row.getUUID("person_id"),
                row.getString("event"), row.getInteger("attempts"), row.getOffsetDateTime("retry_from").toInstant(),
                row.getString("url"), secrets, row.getBoolean("allowed"), row.getString("traceparent")));
          }
          claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
          return record(givenBack).map(claimed);
        });
  }

  @Override
  public Future<Void> record(List<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = outcomes.size();
    Long[] ids = new Long[n];
    String[] kinds = new String[n];
    Integer[] statuses = new Integer[n];
    String[] errors = new String[n];
    OffsetDateTime[] next = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Outcome outcome = outcomes.get(i);
      ids[i] = outcome.deliveryId();
      if (outcome instanceof Delivered d) {
        kinds[i] = "delivered";
        statuses[i] = d.httpStatus();
      } else if (outcome instanceof Retry r) {
        kinds[i] = "retry";
        statuses[i] = r.httpStatus();
        errors[i] = r.error();
        next[i] = utc(r.next());
      } else if (outcome instanceof Final f) {
        kinds[i] = f.status();
        statuses[i] = f.httpStatus();
        errors[i] = f.error();
      } else {
        kinds[i] = "released";
      }
    }
    return pool.preparedQuery(RECORD).execute(Tuple.wrap(new Object[] {ids, kinds, statuses, errors, next})).mapEmpty();
  }

  @Override
  public Future<Void> disable(UUID subscriptionId, String reason) {
    return pool.preparedQuery(DISABLE).execute(Tuple.of(subscriptionId, reason)).mapEmpty();
  }

  @Override
  public Future<Integer> retryNow(UUID subscriptionId) {
    return pool.preparedQuery(RETRY_NOW).execute(Tuple.of(subscriptionId)).map(rows -> rows.rowCount());
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

  private static Filters filters(Row row) {
    return new Filters(List.of(row.getArrayOfStrings("event_types")), list(row.getArrayOfUUIDs("person_ids")),
        list(row.getArrayOfStrings("domains")), list(row.getArrayOfStrings("stages")));
  }

  private String open(String sealed) {
    String secret = opened.get(sealed);
    if (secret == null) {
      if (opened.size() >= OPENED_MAX) {
        opened.clear();
      }
      secret = box.open(sealed);
      opened.put(sealed, secret);
    }
    return secret;
  }

  private Optional<Subscription> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(subscription(rows.iterator().next()));
  }

  private Subscription subscription(Row row) {
    String previous = row.getString("previous_secret");
    return new Subscription(row.getUUID("id"), row.getUUID("organisation_id"), row.getString("url"),
        row.getString("description"), filters(row), row.getString("status"), row.getString("disabled_reason"),
        box.open(row.getString("secret")),
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
