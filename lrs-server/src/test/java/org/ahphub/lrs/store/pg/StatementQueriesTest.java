package org.ahphub.lrs.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import org.ahphub.lrs.store.pg.StatementQueries.Driver;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatementQueriesTest {

  private static final StatementQueries QUERIES = StatementQueries.load("sql/lrs/query-statements.sql");

  @Test
  @DisplayName("every driver and direction is a complete query: no placeholder or tag is left")
  void complete() {
    for (Driver driver : Driver.values()) {
      for (boolean ascending : new boolean[] {true, false}) {
        String sql = QUERIES.of(driver, ascending);
        assertThat(sql).as(driver + " " + ascending).doesNotContain("{").doesNotContain("-- unless")
            .contains(ascending ? " ASC\n" : " DESC\n").contains("LIMIT $10");
      }
    }
  }

  @Test
  @DisplayName("a driver's query leaves out the filters its index covers, and keeps the others")
  void coveredFiltersLeftOut() {
    String agent = QUERIES.of(Driver.AGENT, false);
    assertThat(agent).contains("FROM lrs.statement_agent a JOIN lrs.statement s").contains("a.statement_seq < $9")
        .contains("ORDER BY a.statement_seq DESC").doesNotContain("fa.agent_hash").contains("fx.activity_hash");
    String verbActivity = QUERIES.of(Driver.VERB_ACTIVITY, true);
    assertThat(verbActivity).doesNotContain("fx.activity_hash").doesNotContain("s.verb_id = $3)")
        .contains("s.seq > $9").contains("fa.agent_hash");
    assertThat(QUERIES.of(Driver.REFS, true)).contains("t.verb_id = $3").contains("fa.statement_seq = t.seq")
        .contains("NOT s.voided");
    assertThat(QUERIES.of(Driver.ALL, true)).contains("WHERE true").contains("fa.agent_hash").contains("fx.activity_hash");
  }
}
