package org.ahphub.lrs.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ahphub.lrs.it.TestLrs;
import org.ahphub.lrs.store.StatementQuery;
import org.ahphub.lrs.store.pg.StatementQueries.Driver;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.xapi.Actors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The query template keeps every filtered statements query an index range scan: EXPLAIN on a few thousand
 * statements (many agents, verbs, activities and registrations) names the driver's index.
 */
@DisplayName("Statement query plans: each filter drives its query through its own index")
class StatementQueryPlansIT {

  private static final int STATEMENTS = 4_000;
  private static TestLrs lrs;
  private static UUID organisation;
  private static UUID registration;

  @BeforeAll
  static void fill() {
    lrs = TestLrs.start();
    registration = UUID.randomUUID();
    for (int batch = 0; batch < STATEMENTS / 500; batch++) {
      JsonArray statements = new JsonArray();
      for (int i = 0; i < 500; i++) {
        int n = batch * 500 + i;
        JsonObject statement = TestLrs.statement("mailto:learner-" + (n % 400) + "@example.org",
            "http://example.org/verb/" + (n % 25), "http://example.org/activity/" + (n % 150));
        statement.put("context", new JsonObject().put("registration",
            n % 40 == 0 ? registration.toString() : UUID.randomUUID().toString()));
        statements.add(statement);
      }
      assertThat(lrs.postJson("/xapi/statements", statements).statusCode()).isEqualTo(200);
    }
    TestLrs.await(lrs.server().pool().query("ANALYZE lrs.statement; ANALYZE lrs.statement_agent; "
        + "ANALYZE lrs.statement_activity").execute());
    organisation = TestLrs.await(lrs.server().pool().query("SELECT authority_org FROM lrs.statement LIMIT 1")
        .execute()).iterator().next().getUUID("authority_org");
  }

  @AfterAll
  static void stop() {
    lrs.close();
  }

  @Test
  @DisplayName("agent (actor or object): statement_agent_direct; related agents: statement_agent's primary key")
  void agent() {
    String agent = Actors.identifierKey(new JsonObject().put("mbox", "mailto:learner-7@example.org")).orElseThrow();
    assertThat(plan(query(agent, false, null, null), Driver.AGENT)).contains("statement_agent_direct")
        .doesNotContain("Seq Scan");
    assertThat(plan(query(agent, true, null, null), Driver.RELATED_AGENT)).contains("statement_agent_pkey")
        .doesNotContain("Seq Scan");
  }

  @Test
  @DisplayName("activity: statement_activity's primary key; verb and activity: statement_verb_activity")
  void activity() {
    assertThat(plan(query(null, false, null, "http://example.org/activity/3"), Driver.ACTIVITY))
        .contains("statement_activity_pkey").doesNotContain("Seq Scan");
    assertThat(plan(query(null, false, "http://example.org/verb/3", "http://example.org/activity/3"),
        Driver.VERB_ACTIVITY)).contains("statement_verb_activity").doesNotContain("Seq Scan");
  }

  @Test
  @DisplayName("verb: statement_verb; registration: statement_registration")
  void verbAndRegistration() {
    assertThat(plan(query(null, false, "http://example.org/verb/3", null), Driver.VERB)).contains("statement_verb")
        .doesNotContain("Seq Scan");
    StatementQuery byRegistration = new StatementQuery(null, false, null, null, false, registration, null, null, 10,
        false, null, organisation, null);
    assertThat(plan(byRegistration, Driver.REGISTRATION)).contains("statement_registration")
        .doesNotContain("Seq Scan");
  }

  @Test
  @DisplayName("since and until: a seq range of the driver's index, bounded by one probe of statement_stored each; "
      + "with no other filter never a scan of statement_stored sorted afterwards")
  void sinceAndUntil() {
    Instant middle = TestLrs.await(lrs.server().pool().query(
            "SELECT stored FROM lrs.statement ORDER BY seq OFFSET " + STATEMENTS / 2 + " LIMIT 1").execute())
        .iterator().next().getOffsetDateTime("stored").toInstant();
    for (Instant[] range : new Instant[][] {{middle, null}, {null, middle}, {middle.minusSeconds(1), middle}}) {
      StatementQuery all = new StatementQuery(null, false, null, null, false, null, range[0], range[1], 10, false,
          null, organisation, null);
      String plan = plan(all, Driver.ALL);
      assertThat(plan).contains("InitPlan").contains("statement_stored").doesNotContain("Sort")
          .doesNotContain("Seq Scan");
      String agent = Actors.identifierKey(new JsonObject().put("mbox", "mailto:learner-7@example.org")).orElseThrow();
      StatementQuery byAgent = new StatementQuery(agent, false, null, null, false, null, range[0], range[1], 10, false,
          null, organisation, null);
      assertThat(plan(byAgent, Driver.AGENT)).contains("statement_agent_direct").doesNotContain("Seq Scan")
          .containsPattern("Index Cond: \\(\\(authority_org = [^\\n]*agent_hash = [^\\n]*statement_seq [<>] COALESCE\\(\\(InitPlan");
    }
  }

  @Test
  @DisplayName("verb, and verb with activity: the organisation's own rows of the index only")
  void verbPerOrganisation() {
    assertThat(plan(query(null, false, "http://example.org/verb/3", null), Driver.VERB))
        .containsPattern("Index Cond: \\(\\(authority_org = '[0-9a-f-]+'::uuid\\) AND \\(verb_id =");
    assertThat(plan(query(null, false, "http://example.org/verb/3", "http://example.org/activity/3"),
        Driver.VERB_ACTIVITY))
        .containsPattern("Index Cond: \\(\\(authority_org = '[0-9a-f-]+'::uuid\\) AND \\(verb_id =");
  }

  @Test
  @DisplayName("agent, related agents and activity: the organisation's own link rows only, so a learner or course"
      + " only another organisation stores costs what an unknown one does")
  void linkRowsPerOrganisation() {
    String agent = Actors.identifierKey(new JsonObject().put("mbox", "mailto:learner-7@example.org")).orElseThrow();
    String byOrganisation = "Index Cond: \\(\\((\\w+\\.)?authority_org = '[0-9a-f-]+'::uuid\\) AND \\((\\w+\\.)?(agent|activity)_hash =";
    assertThat(plan(query(agent, false, null, null), Driver.AGENT)).containsPattern(byOrganisation);
    assertThat(plan(query(agent, true, null, null), Driver.RELATED_AGENT)).containsPattern(byOrganisation);
    assertThat(plan(query(null, false, null, "http://example.org/activity/3"), Driver.ACTIVITY))
        .containsPattern(byOrganisation);
  }

  private static StatementQuery query(String agentKey, boolean relatedAgents, String verb, String activity) {
    return new StatementQuery(agentKey, relatedAgents, verb, activity, false, null, null, null, 10, false, null,
        organisation, null);
  }

  private static String plan(StatementQuery query, Driver expected) {
    assertThat(PgStatementStore.driver(query)).isEqualTo(expected);
    List<String> lines = new ArrayList<>();
    // As the store does: the commit-order watermark first (the query reads it from the session), then the query.
    for (Row row : TestLrs.await(lrs.server().pool().withConnection(connection -> connection
        .preparedQuery(SqlResources.load("sql/lrs/consistent-through.sql")).execute()
        .compose(watermark -> connection.preparedQuery("EXPLAIN " + PgStatementStore.QUERIES.of(expected, false))
            .execute(PgStatementStore.parameters(query)))))) {
      lines.add(row.getString(0));
    }
    String plan = String.join("\n", lines);
    System.out.println(expected + ":\n" + plan);
    return plan;
  }
}
