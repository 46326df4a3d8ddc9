package org.ahphub.sharing.webhooks.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.FreshDatabases;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.sharing.webhooks.SubscriptionStore.ClaimedDelivery;
import org.ahphub.sharing.webhooks.SubscriptionStore.Filters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leasing and recording reach their deliveries by primary key, whatever the planner's statistics say.
 * The queue fills far faster than statistics follow: here they were taken while nothing was pending,
 * and 5,000 deliveries are pending now (the webhook benchmark's backlogs). Planned on such statistics,
 * recording read the whole pending queue for every batch of outcomes, so a backlog slowed the very work
 * that drains it. Each statement is run under EXPLAIN ANALYZE in a transaction that is rolled back.
 */
class DeliveryLookupPlansIT {

  private static final int BACKLOG = 5_000;
  private static final int LEASED = 30;

  private Vertx vertx;
  private Pool pool;
  private PgSubscriptionStore store;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // Recording audits deliveries with the organisation's name (identity schema).
    pool = FreshDatabases.migratedPool(vertx, "identity", "mapper");
    store = new PgSubscriptionStore(pool, SecretBox.fromConfig(null));
    UUID subscription = store.create(UUID.randomUUID(), "https://employer.example.nhs.uk/hooks", "plans",
        new Filters(List.of(), null, null, null), "whsec-plans").await().id();
    // Statistics from a moment when every delivery had been delivered; autovacuum must not refresh them.
    pool.query("ALTER TABLE mapper.webhook_delivery SET (autovacuum_enabled = false)").execute().await();
    queue(subscription, 1_000, "delivered");
    pool.query("ANALYZE mapper.webhook_delivery").execute().await();
    queue(subscription, BACKLOG, "pending");
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private void queue(UUID subscription, int count, String status) {
    pool.preparedQuery("""
            INSERT INTO mapper.webhook_delivery (subscription_id, event_id, person_id, event_type, event, event_time, status)
            SELECT $1, gen_random_uuid()::text, ('00000000-0000-0000-0000-' || lpad((n % 50)::text, 12, '0'))::uuid,
                   'org.ahphub.passport.competency.credited', '{"specversion":"1.0"}', now(), $3
            FROM generate_series(1, $2) AS n""")
        .execute(Tuple.of(subscription, count, status)).await();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"force_custom_plan", "force_generic_plan"})
  @DisplayName("recording outcomes reads each delivery by primary key, not the pending queue")
  void recordReadsByKey(String planCacheMode) {
    List<ClaimedDelivery> leased = store.claimDue(LEASED, Map.of(), LEASED, 1, 60, 512).await();
    assertThat(leased).hasSize(LEASED);
    Long[] ids = leased.stream().map(ClaimedDelivery::id).toArray(Long[]::new);
    Tuple outcomes = Tuple.wrap(new Object[] {ids, filled(ids.length, "delivered"), filled(ids.length, 204),
        new String[ids.length], new OffsetDateTime[ids.length]});

    JsonObject plan = explain(planCacheMode, "sql/sharing/webhooks/record-outcomes.sql", outcomes);

    assertThat(rowsReadFromDeliveries(plan)).as("rows each scan of webhook_delivery returned")
        .isNotEmpty().allSatisfy(rows -> assertThat(rows).isLessThanOrEqualTo(LEASED));
    JsonObject update = find(plan, node -> "ModifyTable".equals(node.getString("Node Type"))
        && "webhook_delivery".equals(node.getString("Relation Name")));
    assertThat(update.getLong("Actual Rows")).as("every outcome still recorded").isEqualTo(LEASED);
    assertThat(update.encode()).contains("\"Index Name\":\"webhook_delivery_pkey\"");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"force_custom_plan", "force_generic_plan"})
  @DisplayName("a claim leases what it picked by primary key")
  void leaseByKey(String planCacheMode) {
    Tuple claim = Tuple.wrap(new Object[] {LEASED, new UUID[0], new Integer[0], LEASED, 60, 1, 512,
        EventTypes.PASSPORT_ERASED});

    JsonObject plan = explain(planCacheMode, "sql/sharing/webhooks/claim-due.sql", claim);

    JsonObject lease = find(plan, node -> "ModifyTable".equals(node.getString("Node Type")));
    assertThat(lease.getLong("Actual Rows")).isEqualTo(LEASED);
    assertThat(lease.encode()).as("the lease's scan").contains("\"Index Name\":\"webhook_delivery_pkey\"");
  }

  private JsonObject explain(String planCacheMode, String resource, Tuple parameters) {
    String sql = SqlResources.load(resource);
    return pool.withConnection(connection -> connection.begin().compose(transaction ->
            connection.query("SET LOCAL plan_cache_mode = " + planCacheMode).execute()
                .compose(v -> connection.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql).execute(parameters))
                .map(rows -> new JsonArray(rows.iterator().next().getValue(0).toString()).getJsonObject(0))
                .eventually(transaction::rollback)))
        .await();
  }

  private static List<Long> rowsReadFromDeliveries(JsonObject plan) {
    List<Long> rows = new ArrayList<>();
    visit(plan.getJsonObject("Plan"), node -> {
      if ("webhook_delivery".equals(node.getString("Relation Name")) && !"ModifyTable".equals(node.getString("Node Type"))) {
        rows.add(node.getLong("Actual Rows") * node.getLong("Actual Loops", 1L));
      }
    });
    return rows;
  }

  private static JsonObject find(JsonObject plan, Predicate<JsonObject> wanted) {
    List<JsonObject> found = new ArrayList<>();
    visit(plan.getJsonObject("Plan"), node -> {
      if (found.isEmpty() && wanted.test(node)) {
        found.add(node);
      }
    });
    assertThat(found).as("plan node").isNotEmpty();
    return found.get(0);
  }

  /** Every node of the plan, depth first. */
  private static void visit(JsonObject node, Consumer<JsonObject> visitor) {
    visitor.accept(node);
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      visit(children.getJsonObject(i), visitor);
    }
  }

  private static String[] filled(int n, String value) {
    String[] values = new String[n];
    Arrays.fill(values, value);
    return values;
  }

  private static Integer[] filled(int n, int value) {
    Integer[] values = new Integer[n];
    Arrays.fill(values, value);
    return values;
  }
}
