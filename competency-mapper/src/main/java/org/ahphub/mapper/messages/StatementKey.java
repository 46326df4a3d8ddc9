package org.ahphub.mapper.messages;

import java.util.UUID;
import org.ahphub.mapper.framework.NameBasedUuid;

/**
 * How the mapper names a statement hub-wide. The LRS keeps statement ids unique per organisation only (two
 * organisations may store the same id, and a void applies within the organisation that stored it), so the
 * mapper keys every statement, its voids, its evidence and its processing mark by (organisation, id): the
 * name-based UUID (version 5) of both. An event without an organisation (older events, tests publishing
 * directly) is keyed by its id alone, as before the LRS kept statements per organisation.
 */
public final class StatementKey {

  private static final UUID NAMESPACE = UUID.fromString("0c5b8f3e-2d7a-5e41-9b6c-4a1f8e2d3c57");

  private StatementKey() {}

  /** The key of statement {@code statementId} stored by {@code organisation} (null when unknown). */
  public static UUID of(UUID organisation, UUID statementId) {
    return organisation == null ? statementId : NameBasedUuid.v5(NAMESPACE, organisation + "/" + statementId);
  }
}
