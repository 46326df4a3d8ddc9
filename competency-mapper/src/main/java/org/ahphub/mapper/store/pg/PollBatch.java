package org.ahphub.mapper.store.pg;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.store.PassportStore.EvidenceChange;
import org.ahphub.mapper.store.PassportStore.EvidenceRow;
import org.ahphub.mapper.store.PassportStore.ExpiryNotice;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;

/**
 * The in-memory half of applying one poll of statement outcomes, with no database in it: the store
 * reads what it needs with a few set-based queries, this class applies the outcomes in offset order
 * against that state exactly as one-at-a-time application would (first delivery only, a void wins over
 * a later credit of its target and retracts an earlier one, renewals judged against the evidence held
 * just before), and the store writes the net result with a few set-based statements.
 *
 * <p>What a person holds is read as {@link Held}: the pieces of evidence of statements voided in this poll
 * one by one, everything else summarised per competency × stage by its latest end. That is all renewals,
 * retractions and attainment need, and it keeps the read small however long a person's history is.
 */
final class PollBatch {

  private PollBatch() {}

  /**
   * What one applied outcome (or expiry run) did to one person; the passport version is bumped once per
   * draft, and attainment is brought up to date once per person, after that person's last draft.
   */
  record Draft(UUID personId, List<EvidenceChange> changes, List<ExpiryNotice> notices, String sourceOrganisation) {}

  /**
   * Evidence a person holds for one competency × stage: one piece ({@code statementKey} set), or, when
   * {@code statementKey} is null, at least one piece summarised, {@code validUntil} being the latest end
   * (null when some piece never ends). A summary is never retracted: only pieces of statements voided in
   * the poll are, and those are read one by one.
   */
  record Held(String competencyNumber, String stage, UUID statementKey, Instant validUntil) {

    boolean sameAs(String competency, String stageCode) {
      return competencyNumber.equals(competency) && stage.equals(stageCode);
    }
  }

  /**
   * A row to insert into {@code mapper.evidence}, with the identifier its statement named the person by (what
   * undoing a merge splits evidence by).
   */
  record NewEvidence(UUID personId, String identifierKey, EvidenceRow row) {}

  /** A row to insert into {@code mapper.learning_record}: the person a learning record's statement named. */
  record NewLearning(UUID personId, StatementOutcome outcome) {}

  /**
   * The outcomes that will change something, in offset order, and what must be read first.
   *
   * @param toApply first deliveries: every void, and every credit or learning record whose statement is not voided
   *     by then
   * @param voids target statement key → voiding statement key, first void wins (as {@code ON CONFLICT DO NOTHING})
   * @param people identifier key → candidate person id, for the credits and learning records in {@code toApply}
   */
  record Plan(List<StatementOutcome> toApply, Map<UUID, UUID> voids, Map<String, UUID> people) {
    boolean isEmpty() {
      return toApply.isEmpty();
    }
  }

  /**
   * The net writes of a poll and its drafts in offset order: {@code deletedStatements} are the voided statements,
   * whose evidence and learning records go.
   */
  record Result(List<Draft> drafts, Set<UUID> deletedStatements, List<NewEvidence> inserts,
      List<NewLearning> learning) {

    Result(List<Draft> drafts, Set<UUID> deletedStatements, List<NewEvidence> inserts) {
      this(drafts, deletedStatements, inserts, List.of());
    }
  }

  /** Statement keys of the poll, each once, in offset order (the {@code processed_event} keys). */
  static List<UUID> statementKeys(List<StatementOutcome> outcomes) {
    Set<UUID> ids = new LinkedHashSet<>();
    outcomes.forEach(outcome -> ids.add(outcome.statementKey()));
    return new ArrayList<>(ids);
  }

  /** Keys of credit-bearing statements and learning records, whose earlier voiding must be looked up. */
  static List<UUID> creditingKeys(List<StatementOutcome> outcomes) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (StatementOutcome outcome : outcomes) {
      if (!outcome.voids() && (!outcome.credits().isEmpty() || outcome.records())) {
        ids.add(outcome.statementKey());
      }
    }
    return new ArrayList<>(ids);
  }

  /**
   * Decides which outcomes apply.
   *
   * @param firstDelivered statement keys {@code processed_event} did not hold before this poll
   * @param voidedBefore credit-bearing (or learning record) statement keys already voided before this poll
   */
  static Plan plan(List<StatementOutcome> outcomes, Set<UUID> firstDelivered, Set<UUID> voidedBefore) {
    Set<UUID> seen = new HashSet<>();
    List<StatementOutcome> toApply = new ArrayList<>();
    Map<UUID, UUID> voids = new LinkedHashMap<>();
    Map<String, UUID> people = new LinkedHashMap<>();
    for (StatementOutcome outcome : outcomes) {
      if (!firstDelivered.contains(outcome.statementKey()) || !seen.add(outcome.statementKey())) {
        continue; // redelivered, or a duplicate within the poll
      }
      if (outcome.voids()) {
        voids.putIfAbsent(outcome.voidedKey(), outcome.statementKey());
        toApply.add(outcome);
      } else if ((!outcome.credits().isEmpty() || outcome.records()) && !voidedBefore.contains(outcome.statementKey())
          && !voids.containsKey(outcome.statementKey())) {
        people.putIfAbsent(outcome.identifierKey(), outcome.candidatePersonId());
        toApply.add(outcome);
      }
    }
    return new Plan(toApply, voids, people);
  }

  /**
   * Applies the plan in offset order.
   *
   * @param personOfKey the person each identifier key of the plan resolves to
   * @param holders statement key → people holding its evidence before this poll (for the voids)
   * @param evidence what each affected person holds before this poll, the pieces of {@code holders}'
   *     statements one by one; updated in place to the state after
   */
  static Result apply(Plan plan, Map<String, UUID> personOfKey, Map<UUID, Set<UUID>> holders,
      Map<UUID, List<Held>> evidence) {
    return apply(plan, personOfKey, holders, Map.of(), evidence);
  }

  /**
   * As above, with {@code listedBy}: statement key → the person whose learning record it is, before this poll (for
   * the voids). A learning record is one more draft for its person (their passport moves on a version, with no
   * event: nothing was credited); so is its void.
   */
  static Result apply(Plan plan, Map<String, UUID> personOfKey, Map<UUID, Set<UUID>> holders,
      Map<UUID, UUID> listedBy, Map<UUID, List<Held>> evidence) {
    List<Draft> drafts = new ArrayList<>();
    Set<UUID> deleted = new LinkedHashSet<>();
    Map<UUID, List<NewEvidence>> inserted = new LinkedHashMap<>();
    Map<UUID, Set<UUID>> insertedHolders = new HashMap<>();
    Map<UUID, NewLearning> listed = new LinkedHashMap<>();
    for (StatementOutcome outcome : plan.toApply()) {
      if (outcome.voids()) {
        UUID target = outcome.voidedKey();
        deleted.add(target);
        inserted.remove(target);
        Set<UUID> people = new LinkedHashSet<>(holders.getOrDefault(target, Set.of()));
        people.addAll(insertedHolders.getOrDefault(target, Set.of()));
        for (UUID personId : people) {
          retract(personId, target, outcome, evidence, drafts);
        }
        NewLearning unlisted = listed.remove(target);
        UUID listedPerson = unlisted != null ? unlisted.personId() : listedBy.get(target);
        if (listedPerson != null) {
          drafts.add(new Draft(listedPerson, List.of(), List.of(), outcome.sourceOrganisation()));
        }
      } else {
        UUID personId = personOfKey.get(outcome.identifierKey());
        if (personId == null) {
          throw new IllegalStateException("no person resolved for statement " + outcome.statementKey());
        }
        if (outcome.records()) {
          listed.put(outcome.statementKey(), new NewLearning(personId, outcome));
          drafts.add(new Draft(personId, List.of(), List.of(), outcome.sourceOrganisation()));
          continue;
        }
        List<NewEvidence> rows = credit(personId, outcome, evidence, drafts);
        if (!rows.isEmpty()) {
          inserted.put(outcome.statementKey(), rows);
          insertedHolders.computeIfAbsent(outcome.statementKey(), k -> new LinkedHashSet<>()).add(personId);
        }
      }
    }
    List<NewEvidence> inserts = new ArrayList<>();
    inserted.values().forEach(inserts::addAll);
    return new Result(drafts, deleted, inserts, new ArrayList<>(listed.values()));
  }

  private static void retract(UUID personId, UUID target, StatementOutcome outcome,
      Map<UUID, List<Held>> evidence, List<Draft> drafts) {
    List<Held> held = evidence.computeIfAbsent(personId, k -> new ArrayList<>());
    List<Held> removed = held.stream().filter(piece -> target.equals(piece.statementKey())).toList();
    if (removed.isEmpty()) {
      return;
    }
    held.removeAll(removed);
    List<EvidenceChange> changes = new ArrayList<>();
    for (Held piece : removed) {
      boolean stillHeld = held.stream().anyMatch(r -> r.sameAs(piece.competencyNumber(), piece.stage()));
      changes.add(new EvidenceChange(piece.competencyNumber(), piece.stage(), target, outcome.voidedStatementId(),
          false, stillHeld, null));
    }
    drafts.add(new Draft(personId, changes, List.of(), outcome.sourceOrganisation()));
  }

  private static List<NewEvidence> credit(UUID personId, StatementOutcome outcome,
      Map<UUID, List<Held>> evidence, List<Draft> drafts) {
    List<Held> held = evidence.computeIfAbsent(personId, k -> new ArrayList<>());
    List<Held> before = List.copyOf(held);
    Set<String> keys = new HashSet<>();
    List<EvidenceChange> changes = new ArrayList<>();
    List<NewEvidence> rows = new ArrayList<>();
    for (Credit credit : outcome.credits()) {
      String competency = credit.competencyNumber();
      String stage = credit.stage().code();
      boolean exists = before.stream().anyMatch(r -> outcome.statementKey().equals(r.statementKey())
          && r.sameAs(competency, stage));
      if (!keys.add(competency + "|" + stage) || exists) {
        continue; // the primary key (person, competency, stage, statement) holds it already
      }
      changes.add(new EvidenceChange(competency, stage, outcome.statementKey(), outcome.statementId(), true, true,
          credit, renews(before, credit)));
      rows.add(new NewEvidence(personId, outcome.identifierKey(), rowOf(credit, outcome)));
    }
    if (!changes.isEmpty()) {
      rows.forEach(row -> held.add(new Held(row.row().competencyNumber(), row.row().stage(), outcome.statementKey(),
          row.row().validUntil())));
      drafts.add(new Draft(personId, changes, List.of(), outcome.sourceOrganisation()));
    }
    return rows;
  }

  /**
   * A credit renews when the same competency x stage already had evidence that all ends before the new one
   * (a summary's latest end stands for all its pieces).
   */
  static boolean renews(List<Held> before, Credit credit) {
    if (credit.validUntil() == null) {
      return false;
    }
    List<Held> same = before.stream().filter(r -> r.sameAs(credit.competencyNumber(), credit.stage().code())).toList();
    return !same.isEmpty() && same.stream().allMatch(r -> r.validUntil() != null && r.validUntil().isBefore(credit.validUntil()));
  }

  private static EvidenceRow rowOf(Credit credit, StatementOutcome outcome) {
    return new EvidenceRow(credit.competencyNumber(), credit.stage().code(), outcome.statementKey(),
        outcome.statementId(), credit.ruleId(), credit.ruleVersion(), outcome.sourceOrganisation(),
        outcome.organisationId(), credit.kind(), credit.achievedAt(), Instant.now(),
        credit.basis(), credit.confidence(), credit.validFrom(), credit.validUntil(), outcome.detail());
  }
}
