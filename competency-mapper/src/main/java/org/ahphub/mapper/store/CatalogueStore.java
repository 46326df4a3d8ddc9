package org.ahphub.mapper.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.ahphub.mapper.rules.CatalogueEntry;

/** The activity catalogue organisations register: which activities evidence which competencies. */
public interface CatalogueStore {

  /** Registers catalogue entries; an entry owned by another organisation is refused unless {@code override}. */
  Future<List<String>> putCatalogue(List<CatalogueEntry> entries, boolean override);

  Future<Map<String, CatalogueEntry>> catalogue();
}
