package org.ahphub.mapper.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.messages.PassportEvents;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;
import org.ahphub.mapper.store.Stores;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.outbox.OutboxMessage;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two mapper processes in one consumer group: a person's identifiers hash to different partitions of
 * lrs.statements, so each process may apply a statement of the same person at the same moment. Each "process"
 * here is its own pool and store on one database; a third session holds the person's passport row while both
 * apply, so both transactions are open together (as two consumers' polls would be), deterministically.
 */
@DisplayName("Two mappers, one person under two identifiers: the person's changes are applied one after the other")
class OnePersonTwoMappersIT {

  private static final Framework FRAMEWORK = Framework.load();
  private static final PassportEvents EVENTS = new PassportEvents(FRAMEWORK);
  private static Vertx vertx;
  private static final List<Pool> POOLS = new ArrayList<>();
  private static Stores first;
  private static Stores second;
  private static Pool blocker;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    DatabaseConfig config = new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 2);
    Databases.migrate(vertx, config, "mapper").await();
    first = PgStores.on(pool(config, "first-mapper"), PassportService.attainment(FRAMEWORK, Clock.systemUTC()));
    second = PgStores.on(pool(config, "second-mapper"), PassportService.attainment(FRAMEWORK, Clock.systemUTC()));
    blocker = pool(config, "blocker");
  }

  private static Pool pool(DatabaseConfig config, String name) {
    Pool pool = Databases.pool(vertx, config, name);
    POOLS.add(pool);
    return pool;
  }

  @AfterAll
  static void stop() {
    Future.join(POOLS.stream().map(Pool::close).toList()).await();
    vertx.close().await();
  }

  private static List<OutboxMessage> events(PassportChange change) {
    return EVENTS.of(change);
  }

  private static StatementOutcome crediting(String identifier, UUID person, String competency, Instant validUntil) {
    Instant now = Instant.now();
    return new StatementOutcome(UUID.randomUUID(), identifier, person, "Trust", List.of(
        new Credit(competency, Stage.ENTRY, "explicit-alignment", 1, Credit.LEARNING, now, "completed", 0.8, now,
            validUntil)), null);
  }

  @Test
  @DisplayName("the same competency credited under each identifier by two mappers at once: credited once, and the second sees the first")
  void sameCompetencyFromTwoIdentifiersAtOnce() throws Exception {
    UUID person = UUID.randomUUID();
    String byMail = "mbox:mailto:two-mappers-" + person + "@example.nhs.uk";
    String byAccount = "account:https://e-lfh.org.uk|two-mappers-" + person;
    Instant validUntil = Instant.now().plus(300, ChronoUnit.DAYS);
    // The person, with both identifiers and a passport (version 2).
    first.passports().applyAll(List.of(crediting(byMail, person, "1.1", null)), OnePersonTwoMappersIT::events).await();
    second.passports().applyAll(List.of(crediting(byAccount, person, "1.2", null)), OnePersonTwoMappersIT::events)
        .await();

    SqlConnection holding = blocker.getConnection().await();
    Transaction transaction = holding.begin().await();
    holding.preparedQuery("SELECT version FROM mapper.passport WHERE person_id = $1 FOR UPDATE")
        .execute(Tuple.of(person)).await();
    Future<List<PassportChange>> underMail = first.passports()
        .applyAll(List.of(crediting(byMail, person, "5.6", validUntil)), OnePersonTwoMappersIT::events);
    Future<List<PassportChange>> underAccount = second.passports()
        .applyAll(List.of(crediting(byAccount, person, "5.6", validUntil)), OnePersonTwoMappersIT::events);
    Thread.sleep(1_000);
    assertThat(underMail.isComplete() || underAccount.isComplete()).as("both wait for the passport row").isFalse();
    transaction.commit().await();
    holding.close().await();

    List<PassportChange> changes = new ArrayList<>(underMail.await(30, TimeUnit.SECONDS));
    changes.addAll(underAccount.await(30, TimeUnit.SECONDS));
    List<String> types = changes.stream().flatMap(change -> events(change).stream()).map(m -> m.event().type())
        .toList();
    assertThat(types).as("5.6 credited once: the second transaction read the first's evidence")
        .containsOnlyOnce(EventTypes.COMPETENCY_CREDITED);
    assertThat(changes).extracting(PassportChange::version).containsExactlyInAnyOrder(3L, 4L);
    assertThat(first.passports().passport(person).await().orElseThrow().version()).isEqualTo(4);
  }
}
