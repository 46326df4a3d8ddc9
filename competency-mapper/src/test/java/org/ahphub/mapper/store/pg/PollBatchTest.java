package org.ahphub.mapper.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.messages.StatementKey;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.store.PassportStore.EvidenceChange;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A poll applied in memory behaves as its statements applied one at a time, in offset order. */
class PollBatchTest {

  private static final String LEARNER = "mbox:mailto:learner@example.nhs.uk";
  private static final UUID PERSON = UUID.randomUUID();
  private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

  private static Credit credit(String competency, Instant validUntil) {
    return new Credit(competency, Stage.ENTRY, "explicit-alignment", 1, Credit.LEARNING, NOW, "completed", 0.8, NOW,
        validUntil);
  }

  private static StatementOutcome crediting(Credit... credits) {
    return new StatementOutcome(UUID.randomUUID(), LEARNER, PERSON, "Trust", List.of(credits), null);
  }

  private static StatementOutcome voiding(UUID target) {
    return new StatementOutcome(UUID.randomUUID(), LEARNER, PERSON, "Trust", List.of(), target);
  }

  private static Set<UUID> ids(List<StatementOutcome> outcomes) {
    Set<UUID> ids = new HashSet<>();
    outcomes.forEach(o -> ids.add(o.statementKey()));
    return ids;
  }

  private static PollBatch.Result run(List<StatementOutcome> outcomes, Set<UUID> firstDelivered,
      Map<UUID, Set<UUID>> holders, Map<UUID, List<PollBatch.Held>> evidence) {
    PollBatch.Plan plan = PollBatch.plan(outcomes, firstDelivered, Set.of());
    Map<String, UUID> people = new HashMap<>();
    plan.people().keySet().forEach(key -> people.put(key, PERSON));
    return PollBatch.apply(plan, people, holders, evidence);
  }

  @Test
  @DisplayName("two statements of one person in one poll: two changes in order, the second judged against the first")
  void twoForOnePerson() {
    StatementOutcome first = crediting(credit("5.6", NOW.plus(100, ChronoUnit.DAYS)));
    StatementOutcome second = crediting(credit("5.6", NOW.plus(400, ChronoUnit.DAYS)));
    Map<UUID, List<PollBatch.Held>> evidence = new HashMap<>();
    PollBatch.Result result = run(List.of(first, second), ids(List.of(first, second)), Map.of(), evidence);

    assertThat(result.drafts()).extracting(d -> d.changes().get(0).statementId())
        .containsExactly(first.statementId(), second.statementId());
    assertThat(result.drafts().get(0).changes().get(0).renewal()).isFalse();
    assertThat(result.drafts().get(1).changes().get(0).renewal()).as("renews the first").isTrue();
    assertThat(result.inserts()).hasSize(2);
    assertThat(evidence.get(PERSON)).hasSize(2);
  }

  @Test
  @DisplayName("a statement and its void in one poll: credited then retracted, nothing left to insert")
  void statementThenVoid() {
    StatementOutcome statement = crediting(credit("5.6", null), credit("2.2", null));
    StatementOutcome voided = voiding(statement.statementId());
    Map<UUID, List<PollBatch.Held>> evidence = new HashMap<>();
    PollBatch.Result result = run(List.of(statement, voided), ids(List.of(statement, voided)), Map.of(), evidence);

    assertThat(result.drafts()).hasSize(2);
    assertThat(result.drafts().get(1).changes()).extracting(EvidenceChange::added, EvidenceChange::held)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(false, false));
    assertThat(result.inserts()).isEmpty();
    assertThat(result.deletedStatements()).containsExactly(statement.statementId());
    assertThat(evidence.get(PERSON)).isEmpty();
  }

  /** An outcome as the service makes it for an organisation's statement {@code id} (a void when {@code target} is set). */
  private static StatementOutcome ofOrganisation(UUID organisation, UUID id, UUID target, Credit... credits) {
    return new StatementOutcome(StatementKey.of(organisation, id), id, organisation, LEARNER, PERSON, "Org",
        List.of(credits), target == null ? null : StatementKey.of(organisation, target), target);
  }

  @Test
  @DisplayName("two organisations' statements of one id both credit, and one organisation's void retracts only its own")
  void sameIdInTwoOrganisations() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID x = UUID.randomUUID();
    StatementOutcome ofA = ofOrganisation(a, x, null, credit("5.6", null));
    StatementOutcome ofB = ofOrganisation(b, x, null, credit("2.2", null));
    StatementOutcome voidOfB = ofOrganisation(b, UUID.randomUUID(), x);
    Map<UUID, List<PollBatch.Held>> evidence = new HashMap<>();
    List<StatementOutcome> poll = List.of(ofA, ofB, voidOfB);
    PollBatch.Result result = run(poll, ids(poll), Map.of(), evidence);

    assertThat(result.inserts()).extracting(row -> row.row().competencyNumber(), row -> row.row().statementId(),
            row -> row.row().sourceOrganisationId())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("5.6", x, a));
    assertThat(result.deletedStatements()).containsExactly(ofB.statementKey());
    assertThat(result.drafts().get(2).changes()).extracting(EvidenceChange::competencyNumber,
            EvidenceChange::statementId, EvidenceChange::added)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2.2", x, false));
    assertThat(evidence.get(PERSON)).extracting(PollBatch.Held::statementKey).containsExactly(ofA.statementKey());
  }

  private static StatementOutcome learning(String verb) {
    UUID id = UUID.randomUUID();
    return new StatementOutcome(id, id, null, LEARNER, PERSON, "Trust", List.of(), null, null, null, null,
        new org.ahphub.mapper.store.PassportStore.LearningRecord(verb, NOW));
  }

  @Test
  @DisplayName("a learning record is listed once for its person, moving the passport on; its void in the same poll "
      + "unlists it; a void of one listed earlier moves its person's passport on")
  void learningRecords() {
    StatementOutcome attended = learning("attended");
    StatementOutcome kept = learning("completed");
    StatementOutcome voided = voiding(attended.statementKey());
    List<StatementOutcome> poll = List.of(attended, attended, kept, voided);
    PollBatch.Plan plan = PollBatch.plan(poll, ids(poll), Set.of());
    assertThat(plan.toApply()).containsExactly(attended, kept, voided);
    PollBatch.Result result = PollBatch.apply(plan, Map.of(LEARNER, PERSON), Map.of(), Map.of(), new HashMap<>());
    assertThat(result.learning()).extracting(l -> l.outcome().statementKey()).containsExactly(kept.statementKey());
    assertThat(result.inserts()).isEmpty();
    assertThat(result.drafts()).extracting(PollBatch.Draft::personId).containsExactly(PERSON, PERSON, PERSON);
    assertThat(result.drafts()).allSatisfy(draft -> assertThat(draft.changes()).isEmpty());

    UUID earlier = UUID.randomUUID();
    StatementOutcome later = voiding(earlier);
    PollBatch.Result unlisted = PollBatch.apply(PollBatch.plan(List.of(later), ids(List.of(later)), Set.of()),
        Map.of(), Map.of(), Map.of(earlier, PERSON), new HashMap<>());
    assertThat(unlisted.deletedStatements()).containsExactly(earlier);
    assertThat(unlisted.drafts()).extracting(PollBatch.Draft::personId).containsExactly(PERSON);
    assertThat(PollBatch.plan(List.of(kept), ids(List.of(kept)), Set.of(kept.statementKey())).toApply())
        .as("voided before it arrived").isEmpty();
  }

  @Test
  @DisplayName("a void before its statement in one poll: the statement never credits and needs no person")
  void voidThenStatement() {
    StatementOutcome statement = crediting(credit("5.6", null));
    StatementOutcome voided = voiding(statement.statementId());
    PollBatch.Plan plan = PollBatch.plan(List.of(voided, statement), ids(List.of(statement, voided)), Set.of());

    assertThat(plan.toApply()).containsExactly(voided);
    assertThat(plan.people()).isEmpty();
    assertThat(plan.voids()).containsEntry(statement.statementId(), voided.statementId());
    PollBatch.Result result = PollBatch.apply(plan, Map.of(), Map.of(), new HashMap<>());
    assertThat(result.drafts()).isEmpty();
    assertThat(result.inserts()).isEmpty();
  }

  @Test
  @DisplayName("a void of a statement credited in an earlier poll retracts it, keeping what other evidence holds")
  void voidOfEarlierStatement() {
    UUID earlier = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    List<PollBatch.Held> held = new ArrayList<>(List.of(
        new PollBatch.Held("5.6", "entry", earlier, null),
        new PollBatch.Held("5.6", "entry", other, null)));
    Map<UUID, List<PollBatch.Held>> evidence = new HashMap<>(Map.of(PERSON, held));
    StatementOutcome voided = voiding(earlier);
    PollBatch.Result result = run(List.of(voided), ids(List.of(voided)), Map.of(earlier, Set.of(PERSON)), evidence);

    assertThat(result.drafts()).singleElement().satisfies(d -> assertThat(d.changes()).singleElement()
        .satisfies(c -> {
          assertThat(c.added()).isFalse();
          assertThat(c.held()).as("the other statement still holds it").isTrue();
        }));
    assertThat(evidence.get(PERSON)).extracting(PollBatch.Held::statementKey).containsExactly(other);
  }

  @Test
  @DisplayName("the same event twice in one poll, or one seen in an earlier poll, credits once")
  void duplicates() {
    StatementOutcome statement = crediting(credit("5.6", null));
    StatementOutcome redelivered = crediting(credit("2.2", null));
    Map<UUID, List<PollBatch.Held>> evidence = new HashMap<>();
    PollBatch.Result result = run(List.of(statement, statement, redelivered), Set.of(statement.statementId()),
        Map.of(), evidence);

    assertThat(result.drafts()).hasSize(1);
    assertThat(result.inserts()).hasSize(1);
  }

  @Test
  @DisplayName("a statement crediting one competency x stage twice inserts it once")
  void sameCreditTwice() {
    StatementOutcome statement = crediting(credit("5.6", null), credit("5.6", null));
    PollBatch.Result result = run(List.of(statement), ids(List.of(statement)), Map.of(), new HashMap<>());
    assertThat(result.inserts()).hasSize(1);
    assertThat(result.drafts().get(0).changes()).hasSize(1);
  }

  @Test
  @DisplayName("evidence summarised per competency x stage, but for the pieces voided in the poll, changes what every piece would")
  void summariesAgreeWithPieces() {
    Random random = new Random(20260110L);
    String[] competencies = {"5.6", "2.2", "3.4"};
    Stage[] stages = {Stage.ENTRY, Stage.INTERMEDIATE};
    for (int trial = 0; trial < 2_000; trial++) {
      List<PollBatch.Held> pieces = new ArrayList<>();
      for (int i = random.nextInt(8); i > 0; i--) {
        pieces.add(new PollBatch.Held(competencies[random.nextInt(3)], stages[random.nextInt(2)].code(),
            UUID.randomUUID(), end(random)));
      }
      List<UUID> statements = new ArrayList<>(pieces.stream().map(PollBatch.Held::statementKey).toList());
      List<StatementOutcome> poll = new ArrayList<>();
      for (int i = 1 + random.nextInt(6); i > 0; i--) {
        if (random.nextInt(3) == 0 && !statements.isEmpty()) {
          poll.add(voiding(statements.get(random.nextInt(statements.size()))));
        } else {
          StatementOutcome outcome = crediting(new Credit(competencies[random.nextInt(3)], stages[random.nextInt(2)],
              "explicit-alignment", 1, Credit.LEARNING, NOW, "completed", 0.8, NOW, end(random)));
          poll.add(outcome);
          statements.add(outcome.statementId());
        }
      }
      Set<UUID> voided = poll.stream().map(StatementOutcome::voidedKey).filter(Objects::nonNull)
          .collect(Collectors.toSet());
      Map<UUID, Set<UUID>> holders = new HashMap<>();
      pieces.forEach(piece -> holders.put(piece.statementKey(), Set.of(PERSON)));
      Map<UUID, List<PollBatch.Held>> every = new HashMap<>(Map.of(PERSON, new ArrayList<>(pieces)));
      Map<UUID, List<PollBatch.Held>> summarised = new HashMap<>(Map.of(PERSON, summarise(pieces, voided)));

      PollBatch.Result fromPieces = run(poll, ids(poll), holders, every);
      PollBatch.Result fromSummaries = run(poll, ids(poll), holders, summarised);

      assertThat(describe(fromSummaries)).as("trial %d", trial).isEqualTo(describe(fromPieces));
      assertThat(latestEnds(summarised.get(PERSON))).as("trial %d", trial).isEqualTo(latestEnds(every.get(PERSON)));
    }
  }

  private static Instant end(Random random) {
    return random.nextInt(3) == 0 ? null : NOW.plus(random.nextInt(4) * 100L, ChronoUnit.DAYS);
  }

  /** What the store reads: pieces of statements voided in the poll one by one, the rest per competency x stage. */
  private static List<PollBatch.Held> summarise(List<PollBatch.Held> pieces, Set<UUID> voided) {
    List<PollBatch.Held> held = new ArrayList<>();
    Map<String, List<PollBatch.Held>> byKey = new TreeMap<>();
    for (PollBatch.Held piece : pieces) {
      if (voided.contains(piece.statementKey())) {
        held.add(piece);
      } else {
        byKey.computeIfAbsent(piece.competencyNumber() + "|" + piece.stage(), k -> new ArrayList<>()).add(piece);
      }
    }
    byKey.values().forEach(same -> held.add(new PollBatch.Held(same.get(0).competencyNumber(), same.get(0).stage(),
        null, same.stream().anyMatch(p -> p.validUntil() == null) ? null
            : same.stream().map(PollBatch.Held::validUntil).max(Instant::compareTo).orElseThrow())));
    return held;
  }

  private static List<String> describe(PollBatch.Result result) {
    List<String> lines = new ArrayList<>();
    for (PollBatch.Draft draft : result.drafts()) {
      for (EvidenceChange change : draft.changes()) {
        lines.add(change.competencyNumber() + " " + change.stage() + " " + change.statementId() + " added="
            + change.added() + " held=" + change.held() + " renewal=" + change.renewal());
      }
      lines.add("--");
    }
    result.inserts().forEach(row -> lines.add("insert " + row.row().statementId() + " " + row.row().competencyNumber()));
    result.deletedStatements().forEach(id -> lines.add("delete " + id));
    return lines;
  }

  /** Latest end per competency x stage, {@code Instant.MAX} for evidence that never ends. */
  private static Map<String, Instant> latestEnds(List<PollBatch.Held> held) {
    Map<String, Instant> latest = new TreeMap<>();
    for (PollBatch.Held piece : held) {
      Instant end = piece.validUntil() == null ? Instant.MAX : piece.validUntil();
      latest.merge(piece.competencyNumber() + "|" + piece.stage(), end, (a, b) -> a.isAfter(b) ? a : b);
    }
    return latest;
  }
}
