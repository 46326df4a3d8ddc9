package org.ahphub.mapper.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.platform.outbox.OutboxMessage;

/**
 * Learner competency state: applying statement outcomes, expiry, reading a passport. Each writing method is
 * one transaction: state change plus its outbox events. Attainment is recomputed by the
 * {@link AttainmentFunction} given at construction. People and merges are {@link PersonStore}'s, the
 * activity catalogue {@link CatalogueStore}'s, replay's reference data and snapshot {@link ReplayStore}'s.
 */
public interface PassportStore {

  /**
   * What one statement means for its learner, as the rules decided. {@code statementKey} names the statement
   * hub-wide (the service derives it from the organisation and the id): the store applies each key once,
   * and a void retracts the evidence of {@code voidedKey}, the key of the voided statement in the voiding
   * statement's own organisation. {@code statementId} and {@code voidedStatementId} are the ids the
   * organisation posted, shown with the evidence; {@code organisationId} is null when the event did not say.
   */
  record StatementOutcome(UUID statementKey, UUID statementId, UUID organisationId, String identifierKey,
      UUID candidatePersonId, String sourceOrganisation, List<Credit> credits, UUID voidedKey,
      UUID voidedStatementId, StatedName statedName, StatementDetail detail, LearningRecord learning) {

    /** Not a learning record of its own (it credits, or it is no learning). */
    public StatementOutcome(UUID statementKey, UUID statementId, UUID organisationId, String identifierKey,
        UUID candidatePersonId, String sourceOrganisation, List<Credit> credits, UUID voidedKey,
        UUID voidedStatementId, StatedName statedName, StatementDetail detail) {
      this(statementKey, statementId, organisationId, identifierKey, candidatePersonId, sourceOrganisation, credits,
          voidedKey, voidedStatementId, statedName, detail, null);
    }

    /** Without details in words. */
    public StatementOutcome(UUID statementKey, UUID statementId, UUID organisationId, String identifierKey,
        UUID candidatePersonId, String sourceOrganisation, List<Credit> credits, UUID voidedKey,
        UUID voidedStatementId, StatedName statedName) {
      this(statementKey, statementId, organisationId, identifierKey, candidatePersonId, sourceOrganisation, credits,
          voidedKey, voidedStatementId, statedName, null);
    }

    /** Without a stated name. */
    public StatementOutcome(UUID statementKey, UUID statementId, UUID organisationId, String identifierKey,
        UUID candidatePersonId, String sourceOrganisation, List<Credit> credits, UUID voidedKey,
        UUID voidedStatementId) {
      this(statementKey, statementId, organisationId, identifierKey, candidatePersonId, sourceOrganisation, credits,
          voidedKey, voidedStatementId, null, null);
    }

    /** The outcome of a statement of no known organisation: keyed by its id. */
    public StatementOutcome(UUID statementId, String identifierKey, UUID candidatePersonId, String sourceOrganisation,
        List<Credit> credits, UUID voidsStatementId) {
      this(statementId, statementId, null, identifierKey, candidatePersonId, sourceOrganisation, credits,
          voidsStatementId, voidsStatementId);
    }

    public boolean voids() {
      return voidedKey != null;
    }

    /** True when the statement is listed as a learning record (learning that credits nothing). */
    public boolean records() {
      return !voids() && credits.isEmpty() && learning != null;
    }
  }

  /**
   * Learning a statement recorded that no rule credits ({@link org.ahphub.mapper.rules.LearningRecords}): its verb in
   * one word ({@code attended}, {@code completed}…) and when it happened. Its kind and words are in the outcome's
   * {@link StatementDetail}.
   */
  record LearningRecord(String verb, Instant achievedAt) {}

  /**
   * A learning record as the passport lists it: {@code statementKey} its statement's hub-wide key,
   * {@code statementId} the id the organisation posted; {@code detail} null only if its words were never recorded.
   */
  record LearningRow(UUID statementKey, UUID statementId, String sourceOrganisation, UUID sourceOrganisationId,
      String verb, Instant achievedAt, Instant recordedAt, StatementDetail detail) {}

  /**
   * The display name a statement gave its learner ({@code actor.name}), as of the statement's timestamp: recorded
   * per identifier and organisation, the latest winning. Personal data: never logged, never in events.
   */
  record StatedName(String name, Instant statedAt) {}

  /**
   * What a crediting statement (or a learning record's) said, in words: its object activity's IRI and name, the
   * platform or provider its context names, its result, the Core Skills Training Framework subject code it evidences
   * per competency number (read back with the one of the evidence's competency only), its {@code kind}
   * ({@code learning} or {@code assessment}) and the assessor's role. Any part may be null.
   */
  record StatementDetail(String activityIri, String activityName, String platform, Boolean success,
      Boolean completion, Double scoreScaled, java.util.Map<String, String> subjects, String kind,
      String assessorRole) {

    public StatementDetail {
      subjects = subjects == null ? java.util.Map.of() : java.util.Map.copyOf(subjects);
    }

    /** Without a kind (recorded before V63). */
    public StatementDetail(String activityIri, String activityName, String platform, Boolean success,
        Boolean completion, Double scoreScaled, java.util.Map<String, String> subjects) {
      this(activityIri, activityName, platform, success, completion, scoreScaled, subjects, null, null);
    }
  }

  /**
   * A name someone stated for the person: {@code organisationId} said it (its store holds the statement),
   * {@code source} is the statement authority's name, {@code identifierKey} the identifier it named them by.
   */
  record PersonName(String name, UUID organisationId, String source, String identifierKey, Instant statedAt) {}

  /**
   * A competency x stage whose evidence changed; {@code held} says whether any evidence remains;
   * {@code renewal} that added evidence extends an earlier credit's validity. {@code statementKey} is the
   * evidence's statement key, {@code statementId} the id its organisation posted.
   */
  record EvidenceChange(String competencyNumber, String stage, UUID statementKey, UUID statementId, boolean added,
      boolean held, Credit credit, boolean renewal) {

    public EvidenceChange(String competencyNumber, String stage, UUID statementKey, UUID statementId, boolean added,
        boolean held, Credit credit) {
      this(competencyNumber, stage, statementKey, statementId, added, held, credit, false);
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

  /**
   * One piece of evidence: {@code statementKey} is its statement's hub-wide key, {@code statementId} the id the
   * organisation posted (what a passport shows); {@code sourceOrganisation} the authority's name and
   * {@code sourceOrganisationId} the organisation that stored the statement (null when the event did not say).
   */
  record EvidenceRow(String competencyNumber, String stage, UUID statementKey, UUID statementId, String ruleId,
      int ruleVersion, String sourceOrganisation, UUID sourceOrganisationId, String kind, Instant achievedAt, Instant creditedAt, String basis, double confidence,
      Instant validFrom, Instant validUntil, StatementDetail detail) {

    /** Without details in words. */
    public EvidenceRow(String competencyNumber, String stage, UUID statementKey, UUID statementId, String ruleId,
        int ruleVersion, String sourceOrganisation, UUID sourceOrganisationId, String kind, Instant achievedAt,
        Instant creditedAt, String basis, double confidence, Instant validFrom, Instant validUntil) {
      this(competencyNumber, stage, statementKey, statementId, ruleId, ruleVersion, sourceOrganisation,
          sourceOrganisationId, kind, achievedAt, creditedAt, basis, confidence, validFrom, validUntil, null);
    }
  }

  record Passport(UUID personId, long version, Instant updatedAt, List<EvidenceRow> evidence,
      List<LearningRow> learning) {

    /** Without learning records. */
    public Passport(UUID personId, long version, Instant updatedAt, List<EvidenceRow> evidence) {
      this(personId, version, updatedAt, evidence, List.of());
    }
  }

  /**
   * Attainment keys ({@code <scope>|<stage>}) for the validity of a person's evidence, at the time of the
   * call; a competency × stage may come as one validity standing for several pieces (its latest end).
   */
  interface AttainmentFunction extends Function<List<HeldValidity>, Set<String>> {}

  /** How long a person holds one competency x stage: {@code validUntil} null when some evidence never ends. */
  record HeldValidity(String competencyNumber, String stage, Instant validUntil) {}

  /**
   * Applies an outcome once: a statement key seen before changes nothing and yields empty. The
   * events for the resulting change are produced by {@code eventsFor} and written in the same transaction.
   */
  Future<List<PassportChange>> apply(StatementOutcome outcome, Function<PassportChange, List<OutboxMessage>> eventsFor);

  /** Applies outcomes in order in one transaction (state writes batched per poll): all or nothing. */
  Future<List<PassportChange>> applyAll(List<StatementOutcome> outcomes,
      Function<PassportChange, List<OutboxMessage>> eventsFor);

  /** Records expiry notices due at {@code now} (at most {@code limit}) and recomputes attainment of those people. */
  Future<List<PassportChange>> expire(Instant now, Instant warnUntil, int limit,
      Function<PassportChange, List<OutboxMessage>> eventsFor);

  /** The person's passport, following merges; empty when the person has none. */
  Future<Optional<Passport>> passport(UUID personId);

  /** The names stated for the person (through the identifiers they hold now), newest first. */
  Future<List<PersonName>> names(UUID personId);

  /** The identifier keys the person holds now. */
  Future<List<String>> identifierKeys(UUID personId);
}
