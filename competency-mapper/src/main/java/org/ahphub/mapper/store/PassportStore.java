package org.ahphub.mapper.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.platform.outbox.OutboxMessage;

/** Learner competency state. Each {@link #apply} is one transaction: state change plus its outbox events. */
public interface PassportStore {

  /** What one statement means for its learner, as the rules decided. */
  record StatementOutcome(UUID statementId, String identifierKey, UUID candidatePersonId, String sourceOrganisation,
      List<Credit> credits, UUID voidsStatementId) {}

  /** A competency x stage whose evidence changed; {@code held} says whether any evidence remains. */
  record EvidenceChange(String competencyNumber, String stage, UUID statementId, boolean added, boolean held,
      Credit credit) {}

  record PassportChange(UUID personId, long version, List<EvidenceChange> changes, String sourceOrganisation) {}

  record EvidenceRow(String competencyNumber, String stage, UUID statementId, String ruleId, int ruleVersion,
      String sourceOrganisation, String kind, Instant achievedAt, Instant creditedAt) {}

  record Passport(UUID personId, long version, Instant updatedAt, List<EvidenceRow> evidence) {}

  /**
   * Applies an outcome once: a statement id seen before changes nothing and yields empty. The
   * events for the resulting change are produced by {@code eventsFor} and written in the same transaction.
   */
  Future<List<PassportChange>> apply(StatementOutcome outcome, Function<PassportChange, List<OutboxMessage>> eventsFor);

  Future<Optional<UUID>> personFor(String identifierKey);

  Future<Optional<Passport>> passport(UUID personId);
}
