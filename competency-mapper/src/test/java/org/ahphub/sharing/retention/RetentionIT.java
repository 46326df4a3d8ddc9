package org.ahphub.sharing.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The retention job deletes what is past its retention, and only that (issue 17, "Retention"). */
class RetentionIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static void sql(String statement, Object... values) {
    hub.mapper.pool().preparedQuery(statement).execute(Tuple.from(values)).await();
  }

  private static long count(String query, Object... values) {
    return hub.mapper.pool().preparedQuery(query).execute(Tuple.from(values)).await().iterator().next().getLong(0);
  }

  @Test
  @DisplayName("delivered webhooks past 30 days, dead ones past 90, audit entries past two years and learner tokens a week past their end go; everything younger, and pending deliveries, stay")
  void deletesOnlyWhatIsPastItsRetention() {
    Credential employer = hub.organisation("Retention Trust " + UUID.randomUUID(), "passport:subscribe");
    String subscription = hub.as(employer, "POST", "/subscriptions", new JsonObject()
        .put("url", "http://127.0.0.1:9/hooks")).bodyAsJsonObject().getString("id");
    UUID person = UUID.randomUUID();
    String insertDelivery = "INSERT INTO mapper.webhook_delivery (subscription_id, event_id, person_id, event_type, "
        + "event, event_time, status, delivered_at, created_at) VALUES ($1, $2, $3, 'org.ahphub.passport.competency."
        + "credited', '{}', now(), $4, now() - make_interval(days => $5), now() - make_interval(days => $5))";
    UUID sub = UUID.fromString(subscription);
    sql(insertDelivery, sub, "delivered-old", person, "delivered", 31);
    sql(insertDelivery, sub, "delivered-new", person, "delivered", 29);
    sql(insertDelivery, sub, "dead-old", person, "dead", 91);
    sql(insertDelivery, sub, "dead-new", person, "dead", 60);
    sql(insertDelivery, sub, "pending-old", person, "pending", 400);
    // Not due yet, so the running dispatcher leaves it pending while the test looks.
    sql("UPDATE mapper.webhook_delivery SET next_attempt_at = now() + interval '1 day' WHERE event_id = 'pending-old'");
    String insertAudit = "INSERT INTO mapper.audit_event (person_id, action, at) VALUES ($1, 'passport.read', "
        + "now() - make_interval(days => $2))";
    sql(insertAudit, person, 731);
    sql(insertAudit, person, 700);
    String insertToken = "INSERT INTO mapper.learner_token (token_hash, person_id, expires_at) VALUES ($1, $2, "
        + "now() - make_interval(days => $3))";
    sql(insertToken, "old-" + person, person, 8);
    sql(insertToken, "recent-" + person, person, 6);
    sql(insertToken, "live-" + person, person, -30);

    Retention retention = new Retention(hub.mapper.pool(), new Retention.Settings(Duration.ofDays(30),
        Duration.ofDays(90), Duration.ofDays(730), Duration.ofDays(7)));
    Map<String, Long> deleted = retention.runOnce().await();

    assertThat(deleted).containsEntry("delivered-webhooks", 1L).containsEntry("dead-webhooks", 1L)
        .containsEntry("audit", 1L).containsEntry("learner-tokens", 1L);
    assertThat(count("SELECT count(*) FROM mapper.webhook_delivery WHERE person_id = $1", person)).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM mapper.webhook_delivery WHERE person_id = $1 AND event_id IN "
        + "('delivered-new', 'dead-new', 'pending-old')", person)).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM mapper.audit_event WHERE person_id = $1", person)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM mapper.learner_token WHERE person_id = $1", person)).isEqualTo(2);
    assertThat(retention.runOnce().await().values()).as("a second run finds nothing more").containsOnly(0L);
  }
}
