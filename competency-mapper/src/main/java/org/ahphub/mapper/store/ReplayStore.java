package org.ahphub.mapper.store;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What a replay needs besides the statement log: the links as reference data, and the state to compare. */
public interface ReplayStore {

  /** Links recorded so far (identifier key → person id), in the order they were made. */
  Future<List<Map.Entry<String, UUID>>> links();

  /** Applies links as reference data (replay): each identifier resolves to its person from then on. */
  Future<Void> importLinks(Collection<Map.Entry<String, UUID>> links);

  /** Keys of every statement applied so far (the service's statement keys). */
  Future<Set<UUID>> processedStatementIds();

  /** The whole state as sorted lines (evidence, attainment, voids, learning records), for comparing a rebuild with the live state. */
  Future<List<String>> snapshot();
}
