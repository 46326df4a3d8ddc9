package org.ahphub.mapper.store.pg;

import io.vertx.sqlclient.Pool;
import org.ahphub.mapper.store.PassportStore.AttainmentFunction;
import org.ahphub.mapper.store.Stores;

/** The PostgreSQL stores on one pool. */
public final class PgStores {

  private PgStores() {}

  public static Stores on(Pool pool, AttainmentFunction attainment) {
    return on(pool, attainment, PgPersonStore.NOTHING_ELSE);
  }

  /** With {@code onMerge} run in every merge's transaction (passport sharing moves its rows to the survivor). */
  public static Stores on(Pool pool, AttainmentFunction attainment, PgPersonStore.MergeStep onMerge) {
    return new Stores(new PgPassportStore(pool, attainment), new PgPersonStore(pool, attainment, onMerge),
        new PgCatalogueStore(pool), new PgReplayStore(pool));
  }
}
