package org.ahphub.mapper.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.rules.CatalogueEntry;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.rules.PassportState;
import org.ahphub.platform.outbox.OutboxMessage;

/**
 * Learner competency state. Each writing method is one transaction: state change plus its outbox
 * events. Attainment is recomputed by the {@link AttainmentFunction} given at construction.
 */
public interface PassportStore {

  /** What one statement means for its learner, as the rules decided. */
  record StatementOutcome(UUID statementId, String identifierKey, UUID candidatePersonId, String sourceOrganisation,
      List<Credit> credits, UUID voidsStatementId) {}

  /**
   * A competency x stage whose evidence changed; {@code held} says whether any evidence remains;
   * {@code renewal} that added evidence extends an earlier credit's validity.
   */
  record EvidenceChange(String competencyNumber, String stage, UUID statementId, boolean added, boolean held,
      Credit credit, boolean renewal) {

    public EvidenceChange(String competencyNumber, String stage, UUID statementId, boolean added, boolean held,
        Credit credit) {
      this(competencyNumber, stage, statementId, added, held, credit, false);
    }
  }

  /** A domain ({@code scope} "1".."8") or the whole framework ({@code "overall"}) attained or lost at a stage. */
  record AttainmentChange(String scope, String stage, boolean attained) {}

  /** {@code competency.expiring} or {@code competency.expired} for one validity end. */
  record ExpiryNotice(String competencyNumber, String stage, String kind, Instant validUntil) {}

  record PassportChange(UUID personId, long version, List<EvidenceChange> changes, String sourceOrganisation,
      List<AttainmentChange> attainment, List<ExpiryNotice> notices) {

    public PassportChange(UUID personId, long version, List<EvidenceChange> changes, String sourceOrganisation) {
      this(personId, version, changes, sourceOrganisation, List.of(), List.of());
    }
  }

  record EvidenceRow(String competencyNumber, String stage, UUID statementId, String ruleId, int ruleVersion,
      String sourceOrganisation, String kind, Instant achievedAt, Instant creditedAt, String basis, double confidence,
      Instant validFrom, Instant validUntil) {}

  record Passport(UUID personId, long version, Instant updatedAt, List<EvidenceRow> evidence) {}

  /** The result of linking an identifier: the person it now belongs to and the person merged away, if any. */
  record LinkResult(UUID personId, Optional<UUID> mergedPersonId, boolean changed, List<PassportChange> changes) {}

  /**
   * A person's identifiers after a change, as identifier keys: all of them ({@code mergedInto} null), or
   * none because the person was merged into {@code mergedInto}. {@code identityVersion} grows with every
   * change to anyone's identifiers, in commit order; the two sides of one merge share it.
   */
  record IdentityChange(UUID personId, long identityVersion, List<String> identifierKeys, UUID mergedInto) {}

  /**
   * Attainment keys ({@code <scope>|<stage>}) for the validity of a person's evidence, at the time of the
   * call; a competency × stage may come as one validity standing for several pieces (its latest end).
   */
  interface AttainmentFunction extends Function<List<PassportState.Validity>, Set<String>> {}

  /**
   * Applies an outcome once: a statement id seen before changes nothing and yields empty. The
   * events for the resulting change are produced by {@code eventsFor} and written in the same transaction.
   */
  Future<List<PassportChange>> apply(StatementOutcome outcome, Function<PassportChange, List<OutboxMessage>> eventsFor);

  /** Applies outcomes in order in one transaction (state writes batched per poll): all or nothing. */
  Future<List<PassportChange>> applyAll(List<StatementOutcome> outcomes,
      Function<PassportChange, List<OutboxMessage>> eventsFor);

  /** Records expiry notices due at {@code now} (at most {@code limit}) and recomputes attainment of those people. */
  Future<List<PassportChange>> expire(Instant now, Instant warnUntil, int limit,
      Function<PassportChange, List<OutboxMessage>> eventsFor);

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

  /** The person's passport, following merges; empty when the person has none. */
  Future<Optional<Passport>> passport(UUID personId);

  /** Registers catalogue entries; an entry owned by another organisation is refused unless {@code override}. */
  Future<List<String>> putCatalogue(List<CatalogueEntry> entries, boolean override);

  Future<Map<String, CatalogueEntry>> catalogue();

  /** Links recorded so far (identifier key → person id), in the order they were made. */
  Future<List<Map.Entry<String, UUID>>> links();

  /** Applies links as reference data (replay): each identifier resolves to its person from then on. */
  Future<Void> importLinks(Collection<Map.Entry<String, UUID>> links);

  /** Ids of every statement applied so far. */
  Future<Set<UUID>> processedStatementIds();

  /** The whole state as sorted lines (evidence, attainment, voids), for comparing a rebuild with the live state. */
  Future<List<String>> snapshot();
}
