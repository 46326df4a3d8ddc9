package org.ahphub.mapper.service;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.mapper.rules.CatalogueEntry;
import org.ahphub.mapper.store.CatalogueStore;

/**
 * The activity catalogue as the rules see it: an in-memory copy, reloaded after every write through
 * this service and at most {@code maxAgeMillis} after the last load (so writes through another
 * instance are seen within that time).
 */
public final class Catalogue {

  private final CatalogueStore store;
  private final long maxAgeMillis;
  private volatile Map<String, CatalogueEntry> entries;
  private volatile long loadedAt;
  private Future<Map<String, CatalogueEntry>> loading;

  public Catalogue(CatalogueStore store, long maxAgeMillis) {
    this.store = store;
    this.maxAgeMillis = maxAgeMillis;
  }

  /** The entries for these activity ids (only those catalogued). */
  public Future<Map<String, CatalogueEntry>> entriesFor(List<String> activityIds) {
    return current().map(all -> {
      Map<String, CatalogueEntry> found = new HashMap<>();
      for (String id : activityIds) {
        CatalogueEntry entry = all.get(id);
        if (entry != null) {
          found.put(id, entry);
        }
      }
      return found;
    });
  }

  public synchronized Future<Map<String, CatalogueEntry>> current() {
    if (entries != null && System.currentTimeMillis() - loadedAt < maxAgeMillis) {
      return Future.succeededFuture(entries);
    }
    if (loading == null) {
      long started = System.currentTimeMillis();
      loading = store.catalogue()
          .onComplete(done -> {
            synchronized (this) {
              loading = null;
              if (done.succeeded()) {
                entries = done.result();
                loadedAt = started;
              }
            }
          });
    }
    return loading;
  }

  public synchronized void invalidate() {
    loadedAt = 0;
  }
}
