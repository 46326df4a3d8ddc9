package org.ahphub.lrs.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A statements list query, already parsed and checked. {@code agentKey} is an identifier key
 * ({@link org.ahphub.xapi.Actors}); {@code cursor} is the keyset position from a {@code more} link;
 * {@code organisation} is whose store is read (each organisation reads only its own statements; null only
 * before the service has set it), and {@code credentialKey}, when set, narrows that to the statements
 * this credential stored ({@code statements/read/mine}).
 */
public record StatementQuery(
    String agentKey,
    boolean relatedAgents,
    String verb,
    String activity,
    boolean relatedActivities,
    UUID registration,
    Instant since,
    Instant until,
    int limit,
    boolean ascending,
    Long cursor,
    UUID organisation,
    String credentialKey) {

  public StatementQuery withCursor(long next) {
    return new StatementQuery(agentKey, relatedAgents, verb, activity, relatedActivities, registration, since,
        until, limit, ascending, next, organisation, credentialKey);
  }

  /** This query over one organisation's store, or only what one of its credentials stored (key not null). */
  public StatementQuery readBy(UUID readingOrganisation, String onlyCredential) {
    return new StatementQuery(agentKey, relatedAgents, verb, activity, relatedActivities, registration, since,
        until, limit, ascending, cursor, readingOrganisation, onlyCredential);
  }
}
