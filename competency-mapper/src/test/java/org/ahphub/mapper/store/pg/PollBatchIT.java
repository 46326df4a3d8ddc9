package org.ahphub.mapper.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.FreshDatabases;
import org.ahphub.mapper.framework.Competency;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.messages.PassportEvents;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;
import org.ahphub.mapper.store.Stores;
import org.ahphub.platform.outbox.OutboxMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A poll applied set-based in one transaction ends in the same state as its statements applied one by one. */
class PollBatchIT {

  private static final Framework FRAMEWORK = Framework.load();
  private static final PassportEvents EVENTS = new PassportEvents(FRAMEWORK);
  private static Vertx vertx;
  private static Pool batchedPool;
  private static Pool singlePool;
  private static Stores batched;
  private static Stores single;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    batchedPool = FreshDatabases.migratedPool(vertx, "mapper");
    singlePool = FreshDatabases.migratedPool(vertx, "mapper");
    batched = PgStores.on(batchedPool, PassportService.attainment(FRAMEWORK, Clock.systemUTC()));
    single = PgStores.on(singlePool, PassportService.attainment(FRAMEWORK, Clock.systemUTC()));
  }

  @AfterAll
  static void stop() {
    io.vertx.core.Future.join(batchedPool.close(), singlePool.close()).await();
    vertx.close().await();
  }

  private static List<OutboxMessage> events(PassportChange change) {
    return EVENTS.of(change);
  }

  private static Credit credit(String competency, Stage stage, Instant at, Instant validUntil) {
    return new Credit(competency, stage, "explicit-alignment", 1, Credit.LEARNING, at, "completed", 0.8, at, validUntil);
  }

  private static StatementOutcome crediting(String learner, Credit... credits) {
    return new StatementOutcome(UUID.randomUUID(), learner, UUID.nameUUIDFromBytes(learner.getBytes()), "Trust",
        List.of(credits), null);
  }

  private static StatementOutcome voiding(String learner, UUID target) {
    return new StatementOutcome(UUID.randomUUID(), learner, UUID.nameUUIDFromBytes(learner.getBytes()), "Trust",
        List.of(), target);
  }

  private static List<String> types(List<PassportChange> changes) {
    return changes.stream().flatMap(change -> events(change).stream()).map(m -> m.event().type()).toList();
  }

  @Test
  @DisplayName("two statements of one person in one poll: versions 1 and 2, the second a renewal")
  void twoForOnePerson() {
    String learner = "mbox:mailto:two-" + UUID.randomUUID() + "@example.nhs.uk";
    Instant now = Instant.now();
    StatementOutcome first = crediting(learner, credit("5.6", Stage.ENTRY, now, now.plus(30, ChronoUnit.DAYS)));
    StatementOutcome second = crediting(learner, credit("5.6", Stage.ENTRY, now, now.plus(300, ChronoUnit.DAYS)));

    List<PassportChange> changes = batched.passports().applyAll(List.of(first, second), PollBatchIT::events).await();

    assertThat(changes).extracting(PassportChange::version).containsExactly(1L, 2L);
    assertThat(types(changes)).containsExactly(EventTypes.COMPETENCY_CREDITED, EventTypes.COMPETENCY_RENEWED);
    assertThat(batched.passports().passport(changes.get(0).personId()).await().orElseThrow().version()).isEqualTo(2);
  }

  @Test
  @DisplayName("a statement and its void in one poll: credited then retracted, no evidence left, the void recorded")
  void statementAndVoidInOnePoll() {
    String learner = "mbox:mailto:void-" + UUID.randomUUID() + "@example.nhs.uk";
    StatementOutcome statement = crediting(learner, credit("2.2", Stage.ENTRY, Instant.now(), null));
    StatementOutcome voided = voiding(learner, statement.statementId());

    List<PassportChange> changes = batched.passports().applyAll(List.of(statement, voided), PollBatchIT::events).await();

    assertThat(types(changes)).containsExactly(EventTypes.COMPETENCY_CREDITED, EventTypes.COMPETENCY_RETRACTED);
    assertThat(batched.passports().passport(changes.get(0).personId()).await().orElseThrow().evidence()).isEmpty();
    assertThat(batched.replay().snapshot().await()).contains("voided " + statement.statementId() + " by " + voided.statementId());
  }

  @Test
  @DisplayName("a void before its statement in one poll, and the same event twice in a poll or redelivered: no credit")
  void voidFirstAndDuplicates() {
    String learner = "mbox:mailto:dup-" + UUID.randomUUID() + "@example.nhs.uk";
    StatementOutcome statement = crediting(learner, credit("3.4", Stage.ENTRY, Instant.now(), null));
    StatementOutcome voided = voiding(learner, statement.statementId());
    assertThat(batched.passports().applyAll(List.of(voided, statement, statement), PollBatchIT::events).await()).isEmpty();

    StatementOutcome twice = crediting(learner, credit("8.4", Stage.ENTRY, Instant.now(), null));
    assertThat(types(batched.passports().applyAll(List.of(twice, twice), PollBatchIT::events).await()))
        .containsExactly(EventTypes.COMPETENCY_CREDITED);
    assertThat(batched.passports().applyAll(List.of(twice), PollBatchIT::events).await()).as("redelivered").isEmpty();
    assertThat(batched.people().personFor(learner).await()).isPresent();
  }

  @Test
  @DisplayName("a generated sequence applied in polls of random size equals it applied one statement at a time")
  void batchedEqualsOneByOne() {
    Random random = new Random(4242L);
    List<Competency> competencies = FRAMEWORK.competencies();
    List<String> learners = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      learners.add("mbox:mailto:seq-" + i + "-" + UUID.randomUUID() + "@example.nhs.uk");
    }
    Instant now = Instant.now();
    List<StatementOutcome> sequence = new ArrayList<>();
    List<StatementOutcome> crediting = new ArrayList<>();
    for (int n = 0; n < 600; n++) {
      String learner = learners.get(random.nextInt(learners.size()));
      int kind = random.nextInt(20);
      if (kind < 2 && !crediting.isEmpty()) {
        StatementOutcome target = crediting.get(random.nextInt(crediting.size()));
        sequence.add(voiding(target.identifierKey(), target.statementId()));
      } else if (kind < 3) {
        // a void that arrives before its statement
        StatementOutcome later = crediting(learner, credit(competencies.get(random.nextInt(competencies.size())).number(),
            Stage.ENTRY, now, null));
        sequence.add(voiding(learner, later.statementId()));
        crediting.add(later);
      } else if (kind < 4 && !sequence.isEmpty()) {
        sequence.add(sequence.get(random.nextInt(sequence.size()))); // a redelivery
      } else {
        Stage stage = Stage.values()[random.nextInt(2)];
        Instant until = random.nextBoolean() ? null : now.plus(10 + random.nextInt(800), ChronoUnit.DAYS);
        StatementOutcome outcome = crediting(learner,
            credit(competencies.get(random.nextInt(competencies.size())).number(), stage, now, until));
        sequence.add(outcome);
        crediting.add(outcome);
      }
      if (kind == 2) {
        sequence.add(crediting.get(crediting.size() - 1));
      }
    }
    List<String> batchedTypes = new ArrayList<>();
    for (int i = 0; i < sequence.size(); ) {
      int size = 1 + random.nextInt(80);
      List<StatementOutcome> poll = sequence.subList(i, Math.min(sequence.size(), i + size));
      batchedTypes.addAll(types(batched.passports().applyAll(poll, PollBatchIT::events).await()));
      i += size;
    }
    List<String> singleTypes = new ArrayList<>();
    for (StatementOutcome outcome : sequence) {
      singleTypes.addAll(types(single.passports().apply(outcome, PollBatchIT::events).await()));
    }

    assertThat(batched.replay().snapshot().await()).containsExactlyElementsOf(single.replay().snapshot().await());
    assertThat(batchedTypes.stream().filter(t -> !t.contains("stage")).toList())
        .as("the same evidence events, in the same order")
        .containsExactlyElementsOf(singleTypes.stream().filter(t -> !t.contains("stage")).toList());
    assertThat(batched.replay().processedStatementIds().await()).isEqualTo(single.replay().processedStatementIds().await());
    Holdings.assertMatchEvidence(batchedPool);
    Holdings.assertMatchEvidence(singlePool);
  }
}
