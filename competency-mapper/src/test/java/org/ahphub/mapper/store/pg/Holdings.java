package org.ahphub.mapper.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;

/** The holdings (V17) are a summary kept with the evidence: they must always equal one counted from it. */
public final class Holdings {

  private Holdings() {
  }

  /** Fails with every difference between the holdings and the evidence counted afresh, or when nothing is held. */
  public static void assertMatchEvidence(Pool pool) {
    List<String> differences = new ArrayList<>();
    for (Row row : pool.query("""
            WITH counted AS (
              SELECT person_id, competency_number, stage,
                     CASE WHEN bool_or(valid_until IS NULL) THEN NULL ELSE max(valid_until) END AS valid_until
              FROM mapper.evidence GROUP BY person_id, competency_number, stage)
            SELECT coalesce(c.person_id, h.person_id) || ' ' || coalesce(c.competency_number, h.competency_number)
                   || ' ' || coalesce(c.stage, h.stage)
                   || ': evidence ' || CASE WHEN c.person_id IS NULL THEN 'none'
                                            ELSE coalesce(c.valid_until::text, 'never ends') END
                   || ', holding ' || CASE WHEN h.person_id IS NULL THEN 'none'
                                           ELSE coalesce(h.valid_until::text, 'never ends') END AS difference
            FROM counted c
            FULL JOIN mapper.holding h
              ON h.person_id = c.person_id AND h.competency_number = c.competency_number AND h.stage = c.stage
            WHERE c.person_id IS NULL OR h.person_id IS NULL OR c.valid_until IS DISTINCT FROM h.valid_until""")
        .execute().await()) {
      differences.add(row.getString("difference"));
    }
    assertThat(differences).as("holdings that differ from the evidence").isEmpty();
    long held = pool.query("SELECT count(*) AS n FROM mapper.holding").execute().await().iterator().next().getLong("n");
    assertThat(held).as("holdings checked").isPositive();
  }
}
