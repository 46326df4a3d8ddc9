package org.ahphub.mapper.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.store.PassportStore.EvidenceChange;
import org.ahphub.mapper.store.PassportStore.EvidenceRow;
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
    outcomes.forEach(o -> ids.add(o.statementId()));
    return ids;
  }

  private static PollBatch.Result run(List<StatementOutcome> outcomes, Set<UUID> firstDelivered,
      Map<UUID, Set<UUID>> holders, Map<UUID, List<EvidenceRow>> evidence) {
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
    Map<UUID, List<EvidenceRow>> evidence = new HashMap<>();
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
    Map<UUID, List<EvidenceRow>> evidence = new HashMap<>();
    PollBatch.Result result = run(List.of(statement, voided), ids(List.of(statement, voided)), Map.of(), evidence);

    assertThat(result.drafts()).hasSize(2);
    assertThat(result.drafts().get(1).changes()).extracting(EvidenceChange::added, EvidenceChange::held)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(false, false));
    assertThat(result.inserts()).isEmpty();
    assertThat(result.deletedStatements()).containsExactly(statement.statementId());
    assertThat(evidence.get(PERSON)).isEmpty();
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
    List<EvidenceRow> held = new ArrayList<>(List.of(
        new EvidenceRow("5.6", "entry", earlier, "r", 1, "Trust", Credit.LEARNING, NOW, NOW, "completed", 1, NOW, null),
        new EvidenceRow("5.6", "entry", other, "r", 1, "Trust", Credit.LEARNING, NOW, NOW, "completed", 1, NOW, null)));
    Map<UUID, List<EvidenceRow>> evidence = new HashMap<>(Map.of(PERSON, held));
    StatementOutcome voided = voiding(earlier);
    PollBatch.Result result = run(List.of(voided), ids(List.of(voided)), Map.of(earlier, Set.of(PERSON)), evidence);

    assertThat(result.drafts()).singleElement().satisfies(d -> assertThat(d.changes()).singleElement()
        .satisfies(c -> {
          assertThat(c.added()).isFalse();
          assertThat(c.held()).as("the other statement still holds it").isTrue();
        }));
    assertThat(evidence.get(PERSON)).extracting(EvidenceRow::statementId).containsExactly(other);
  }

  @Test
  @DisplayName("the same event twice in one poll, or one seen in an earlier poll, credits once")
  void duplicates() {
    StatementOutcome statement = crediting(credit("5.6", null));
    StatementOutcome redelivered = crediting(credit("2.2", null));
    Map<UUID, List<EvidenceRow>> evidence = new HashMap<>();
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
}
