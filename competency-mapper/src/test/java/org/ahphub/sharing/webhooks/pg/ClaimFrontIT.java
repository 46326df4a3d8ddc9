package org.ahphub.sharing.webhooks.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.mapper.FreshDatabases;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.sharing.webhooks.SubscriptionStore.ClaimedDelivery;
import org.ahphub.sharing.webhooks.SubscriptionStore.Filters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A claim looks only at the front of a subscription's queue (its cost must not grow with the backlog),
 * and looking at the whole queue still reaches persons queued behind a front that waits for a retry.
 * No dispatcher runs here: the store is called directly.
 */
class ClaimFrontIT {

  private static final int WHOLE_QUEUE = Integer.MAX_VALUE;
  private static final UUID WAITING = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID BEHIND = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final UUID LAST = UUID.fromString("00000000-0000-0000-0000-00000000000c");

  private Vertx vertx;
  private Pool pool;
  private PgSubscriptionStore store;
  private UUID subscription;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = FreshDatabases.migratedPool(vertx, "mapper");
    store = new PgSubscriptionStore(pool, SecretBox.fromConfig(null));
    subscription = store.create(UUID.randomUUID(), "https://employer.example.nhs.uk/hooks", "claims",
        new Filters(List.of(), null, null, null), "whsec-claim-front").await().id();
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  /** Queues a delivery for the person, due now or only after an hour (a retry that is waiting). */
  private long queue(UUID person, boolean due) {
    return pool.preparedQuery("""
            INSERT INTO mapper.webhook_delivery (subscription_id, event_id, person_id, event_type, event, event_time, next_attempt_at)
            VALUES ($1, $2, $3, 'org.ahphub.passport.competency.credited', '{}', now(),
                    CASE WHEN $4 THEN now() - interval '1 second' ELSE now() + interval '1 hour' END)
            RETURNING id""")
        .execute(Tuple.of(subscription, UUID.randomUUID().toString(), person, due))
        .await().iterator().next().getLong("id");
  }

  private List<Long> claim(int front) {
    return store.claimDue(100, Map.of(), 100, 16, 60, front).await().stream().map(ClaimedDelivery::id).toList();
  }

  @Test
  @DisplayName("a claim takes only what lies in the queue's front; the whole queue reaches the persons behind it")
  void frontThenWholeQueue() {
    // The first person's oldest delivery waits for a retry, so that person's three are all held back.
    long waiting = queue(WAITING, false);
    queue(WAITING, true);
    queue(WAITING, true);
    long behind = queue(BEHIND, true);
    queue(BEHIND, true);
    long last = queue(LAST, true);

    assertThat(claim(3)).as("the front is the waiting person's three: nothing in it may go").isEmpty();
    assertThat(claim(4)).as("a front of four reaches the second person's first delivery, and no further")
        .containsExactly(behind);
    assertThat(claim(5)).as("the second person's next waits for the first; the third person is beyond the front")
        .isEmpty();
    assertThat(claim(WHOLE_QUEUE)).as("the whole queue reaches the third person").containsExactly(last);

    pool.query("UPDATE mapper.webhook_delivery SET next_attempt_at = now() WHERE id = " + waiting).execute().await();
    assertThat(claim(2)).as("once due, the person's run is cut at the front, never reordered")
        .containsExactly(waiting, waiting + 1);
  }
}
