package org.ahphub.lrs.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A statements list query, already parsed and checked. {@code agentKey} is an identifier key
 * ({@link org.ahphub.xapi.Actors}); {@code cursor} is the keyset position from a {@code more} link;
 * {@code authorityOrganisation} restricts the result to one organisation's statements (null: all).
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
    UUID authorityOrganisation) {

  public StatementQuery withCursor(long next) {
    return new StatementQuery(agentKey, relatedAgents, verb, activity, relatedActivities, registration, since,
        until, limit, ascending, next, authorityOrganisation);
  }
}
