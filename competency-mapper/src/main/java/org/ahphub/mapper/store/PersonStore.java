package org.ahphub.mapper.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.platform.outbox.OutboxMessage;

/** The person index: which xAPI identifiers belong to which person, and merging two people into one. */
public interface PersonStore {

  /** The result of linking an identifier: the person it now belongs to and the person merged away, if any. */
  record LinkResult(UUID personId, Optional<UUID> mergedPersonId, boolean changed, List<PassportChange> changes) {}

  /**
   * A person's identifiers after a change, as identifier keys: all of them ({@code mergedInto} null), or
   * none because the person was merged into {@code mergedInto}. {@code identityVersion} grows with every
   * change to anyone's identifiers, in commit order; the two sides of one merge share it.
   */
  record IdentityChange(UUID personId, long identityVersion, List<String> identifierKeys, UUID mergedInto) {}

  /**
   * Links an identifier to a person (following merges); when the identifier belonged to another person,
   * that person is merged into this one, in one transaction: identifiers, evidence, attainment and what
   * else was held against the merged id (relationships and grants, in the PostgreSQL store). When the
   * person's identifiers changed, the events {@code identityEventFor} makes of each {@link IdentityChange}
   * (the person's, and the merged person's) are written in the same transaction.
   *
   * @return empty when no such person exists
   */
  Future<Optional<LinkResult>> link(UUID personId, String identifierKey, UUID organisationId,
      Function<PassportChange, List<OutboxMessage>> eventsFor, Function<IdentityChange, OutboxMessage> identityEventFor);

  Future<Optional<UUID>> personFor(String identifierKey);

  /**
   * The person holding {@code identifierKey}; when nobody does, person {@code newPersonId} is created holding
   * it, with its identity event written in the same transaction. Never merges anyone.
   */
  Future<UUID> ensure(String identifierKey, UUID newPersonId, Function<IdentityChange, OutboxMessage> identityEventFor);
}
