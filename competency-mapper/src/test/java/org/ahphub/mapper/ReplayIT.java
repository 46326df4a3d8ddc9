package org.ahphub.mapper;

import static org.ahphub.mapper.PassportLifecycleIT.COMPETENCIES;
import static org.ahphub.mapper.PassportLifecycleIT.CSTF;
import static org.ahphub.mapper.PassportLifecycleIT.statement;
import static org.ahphub.mapper.PassportLifecycleIT.voiding;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.messages.StatementKey;
import org.ahphub.mapper.replay.Replay;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.store.pg.Holdings;
import org.ahphub.mapper.store.pg.PgReplayStore;
import org.ahphub.mapper.store.pg.PgStores;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.identity.PgCredentialStore;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.ahphub.xapi.Actors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The passport state rebuilt from the statement log equals the live state. */
class ReplayIT {

  private static final String[] ALIGNED = {"1.1/entry", "1.2/entry", "1.3", "6.1/entry", "6.2/entry", "6.1/intermediate",
      "6.2/intermediate", "7.1", "7.2/entry", "7.3/entry", "7.4/entry", "7.5/entry", "5.6", "4.4/intermediate"};
  private static final String[] SUBJECTS = {"fire-safety", "infection-prevention-control-l2", "moving-handling-l1",
      "safeguarding-adults", "resuscitation", "information-governance-data-security"};

  @Test
  @DisplayName("a generated sequence (credits, duplicates, voids before and after, renewals, links, expiries) rebuilds to the live state")
  void rebuiltEqualsLive() throws Exception {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    PostgresCoordinates liveDb = infrastructure.freshDatabase();
    Vertx vertx = Vertx.vertx();
    var env = PassportLifecycleIT.env(liveDb, "replay-it-" + UUID.randomUUID());
    env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
    CompetencyMapper mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(env)).await();
    KafkaProducer<String, String> producer = PassportLifecycleIT.producer(infrastructure);
    WebClient http = WebClient.create(vertx);
    try {
      new PgCredentialStore(vertx, mapper.pool())
          .ensure("Operations", "https://ops.example.nhs.uk", "ops", "ops-secret", Set.of("all", "admin")).await();
      String activity = "https://learning.example-trust.nhs.uk/sessions/replay-" + UUID.randomUUID();
      var registered = http.put(mapper.port(), "localhost", "/catalogue/activities").basicAuthentication("ops", "ops-secret")
          .sendJsonObject(new JsonObject().put("activities", new JsonArray().add(new JsonObject().put("id", activity)
              .put("competencies", new JsonArray().add(COMPETENCIES + "3.6/intermediate")).put("renewal", "P1Y")))).await();
      assertThat(registered.statusCode()).isEqualTo(200);

      Random random = new Random(20261122L);
      Instant now = Instant.now();
      List<JsonObject> learners = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        learners.add(i % 2 == 0
            ? new JsonObject().put("mbox", "mailto:replay-" + i + "-" + UUID.randomUUID() + "@example.nhs.uk")
            : new JsonObject().put("account", new JsonObject().put("homePage", "https://portal.e-lfh.org.uk")
                .put("name", "replay-" + i + "-" + UUID.randomUUID())));
      }
      Set<String> ids = new HashSet<>();
      List<JsonObject> sent = new ArrayList<>();
      for (int n = 0; n < 400; n++) {
        JsonObject learner = learners.get(random.nextInt(learners.size()));
        int kind = random.nextInt(10);
        JsonObject statement;
        if (kind < 4) {
          statement = statement(learner, random.nextBoolean() ? "completed" : "passed", "https://learning.example.org/c" + n,
              now.minus(random.nextInt(900), ChronoUnit.DAYS), COMPETENCIES + ALIGNED[random.nextInt(ALIGNED.length)],
              COMPETENCIES + ALIGNED[random.nextInt(ALIGNED.length)]);
        } else if (kind < 7) {
          // statutory training of any age: expired, expiring, held; repeats are renewals
          statement = statement(learner, "passed", "https://portal.e-lfh.org.uk/c" + n,
              now.minus(random.nextInt(1400), ChronoUnit.DAYS), CSTF + SUBJECTS[random.nextInt(SUBJECTS.length)])
              .put("result", new JsonObject().put("score", new JsonObject().put("scaled", 0.6 + random.nextInt(5) / 10.0)));
        } else if (kind < 8) {
          statement = statement(learner, "completed", activity, now.minus(random.nextInt(500), ChronoUnit.DAYS));
        } else if (kind < 9 && !sent.isEmpty()) {
          statement = sent.get(random.nextInt(sent.size())); // duplicate delivery
        } else if (!sent.isEmpty()) {
          JsonObject target = sent.get(random.nextInt(sent.size()));
          statement = voiding(target.getJsonObject("actor"), target.getString("id"));
        } else {
          continue;
        }
        if (random.nextInt(20) == 0 && kind < 7) {
          // a void that arrives before the statement it voids
          JsonObject early = voiding(learner, statement.getString("id"));
          PassportLifecycleIT.publish(producer, early);
          ids.add(early.getString("id"));
        }
        PassportLifecycleIT.publish(producer, statement);
        ids.add(statement.getString("id"));
        if (!statement.getJsonObject("verb").getString("id").endsWith("/voided")) {
          sent.add(statement);
        }
        if (n % 100 == 50) {
          // link a learner's identifier to another learner's person: the two records merge
          JsonObject a = learners.get(random.nextInt(learners.size()));
          JsonObject b = learners.get(random.nextInt(learners.size()));
          waitFor(mapper, ids);
          String person = personOf(http, mapper, a);
          if (person != null && !a.equals(b)) {
            var linked = http.post(mapper.port(), "localhost", "/persons/" + person + "/identifiers")
                .basicAuthentication("ops", "ops-secret").sendJsonObject(b).await();
            assertThat(linked.statusCode()).isEqualTo(200);
          }
        }
      }
      waitFor(mapper, ids);

      Framework framework = Framework.load();
      PassportService live = new PassportService(framework,
          PgStores.on(mapper.pool(), PassportService.attainment(framework, Clock.systemUTC())), Clock.systemUTC());
      live.runExpiry().await();

      PostgresCoordinates freshDb = infrastructure.freshDatabase();
      Replay.Report report = Replay.run(vertx, database(liveDb), database(freshDb),
          KafkaSettings.fromEnv(Env.of(env)), Clock.systemUTC(), MapperConfig.fromEnv(env).fireSafetyRenewal());
      System.out.println(report.describe());
      assertThat(report.replayed()).isGreaterThanOrEqualTo(ids.size());
      assertThat(report.liveLines()).isGreaterThan(100);
      assertThat(report.onlyLive()).isEmpty();
      assertThat(report.onlyRebuilt()).isEmpty();
      assertThat(report.describe()).contains("EQUAL");
      assertThat(report.liveLines()).as("attainment was exercised").isPositive();
      assertThat(live.stores().replay().snapshot().await()).anyMatch(line -> line.startsWith("attained "));
      assertThat(live.stores().replay().snapshot().await()).as("learning records (passes below the CSTF pass mark) "
          + "were rebuilt and compared").anyMatch(line -> line.startsWith("learning "));
      Holdings.assertMatchEvidence(mapper.pool());
    } finally {
      producer.close();
      mapper.stop().compose(v -> vertx.close()).await();
    }
  }

  @Test
  @DisplayName("statements of two organisations sharing ids (credits, voids within and across organisations, early voids, duplicates) rebuild to the live state")
  void organisationsRebuildToLive() throws Exception {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    PostgresCoordinates liveDb = infrastructure.freshDatabase();
    Vertx vertx = Vertx.vertx();
    var env = PassportLifecycleIT.env(liveDb, "replay-orgs-it-" + UUID.randomUUID());
    env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
    CompetencyMapper mapper = CompetencyMapper.start(vertx, MapperConfig.fromEnv(env)).await();
    KafkaProducer<String, String> producer = PassportLifecycleIT.producer(infrastructure);
    try {
      UUID[] organisations = {UUID.randomUUID(), UUID.randomUUID(), null};
      Random random = new Random(20261206L);
      Instant now = Instant.now();
      List<JsonObject> learners = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        learners.add(new JsonObject().put("mbox", "mailto:replay-org-" + i + "-" + UUID.randomUUID() + "@example.nhs.uk"));
      }
      // As the LRS allows: an id is used once per organisation, but other organisations may use it too. Events of
      // one learner keep their order, so a void goes with the voided statement's learner (or with the learner of
      // the organisation's first void of that id), and an organisation never stores an id it has voided already.
      List<String> statementIds = new ArrayList<>();
      Map<String, JsonObject> actorOf = new HashMap<>();
      Set<String> voidedIn = new HashSet<>();
      Set<UUID> keys = new HashSet<>();
      List<Object[]> sent = new ArrayList<>();
      for (int n = 0; n < 240; n++) {
        UUID organisation = organisations[random.nextInt(organisations.length)];
        JsonObject learner = learners.get(random.nextInt(learners.size()));
        int kind = random.nextInt(10);
        JsonObject statement;
        if (kind < 6) {
          statement = statement(learner, "passed", "https://learning.example.org/o" + n,
              now.minus(random.nextInt(900), ChronoUnit.DAYS), COMPETENCIES + ALIGNED[random.nextInt(ALIGNED.length)]);
          if (!statementIds.isEmpty() && random.nextBoolean()) {
            String other = statementIds.get(random.nextInt(statementIds.size()));
            if (!actorOf.containsKey(organisation + "|" + other) && !voidedIn.contains(organisation + "|" + other)) {
              statement.put("id", other); // an id another organisation used
            }
          }
        } else if (kind < 8 && !sent.isEmpty()) {
          Object[] again = sent.get(random.nextInt(sent.size())); // duplicate delivery
          organisation = (UUID) again[0];
          statement = (JsonObject) again[1];
        } else if (!statementIds.isEmpty()) {
          String target = statementIds.get(random.nextInt(statementIds.size())); // its own, or another's
          statement = voiding(actorOf.computeIfAbsent(organisation + "|" + target, k -> learner), target);
          voidedIn.add(organisation + "|" + target);
        } else {
          continue;
        }
        if (random.nextInt(15) == 0 && kind < 6) {
          JsonObject early = voiding(learner, statement.getString("id"));
          voidedIn.add(organisation + "|" + statement.getString("id"));
          publish(producer, early, organisation);
          keys.add(StatementKey.of(organisation, UUID.fromString(early.getString("id"))));
        }
        publish(producer, statement, organisation);
        keys.add(StatementKey.of(organisation, UUID.fromString(statement.getString("id"))));
        if (kind < 6) {
          statementIds.add(statement.getString("id"));
          actorOf.putIfAbsent(organisation + "|" + statement.getString("id"), statement.getJsonObject("actor"));
          sent.add(new Object[] {organisation, statement});
        }
      }
      PgReplayStore store = new PgReplayStore(mapper.pool());
      PassportLifecycleIT.eventually(() -> store.processedStatementIds().await(), processed -> processed.containsAll(keys));

      PostgresCoordinates freshDb = infrastructure.freshDatabase();
      Replay.Report report = Replay.run(vertx, database(liveDb), database(freshDb),
          KafkaSettings.fromEnv(Env.of(env)), Clock.systemUTC(), MapperConfig.fromEnv(env).fireSafetyRenewal());
      System.out.println(report.describe());
      assertThat(report.replayed()).isGreaterThanOrEqualTo(keys.size());
      assertThat(report.liveLines()).isGreaterThan(50);
      assertThat(report.onlyLive()).isEmpty();
      assertThat(report.onlyRebuilt()).isEmpty();
      assertThat(store.snapshot().await()).as("evidence of both organisations, with their ids")
          .anyMatch(line -> line.startsWith("evidence ") && line.contains(" " + organisations[0] + " "))
          .anyMatch(line -> line.startsWith("evidence ") && line.contains(" " + organisations[1] + " "))
          .anyMatch(line -> line.startsWith("voided "));
      Holdings.assertMatchEvidence(mapper.pool());
    } finally {
      producer.close();
      mapper.stop().compose(v -> vertx.close()).await();
    }
  }

  /** Publishes as the LRS relay does, with the storing organisation (none when null). */
  private static void publish(KafkaProducer<String, String> producer, JsonObject statement, UUID organisation)
      throws Exception {
    String type = statement.getJsonObject("verb").getString("id").endsWith("/voided")
        ? EventTypes.STATEMENT_VOIDED : EventTypes.STATEMENT_STORED;
    String learner = Actors.learnerKey(statement);
    CloudEvent event = new CloudEvent(statement.getString("id"), "/xapi/statements", type, learner, Instant.now(),
        statement);
    if (organisation != null) {
      event = event.withExtension(CloudEvent.ORGANISATION, organisation.toString());
    }
    producer.send(new ProducerRecord<>(Topics.LRS_STATEMENTS, learner, event.toJson().encode())).get();
  }

  private static DatabaseConfig database(PostgresCoordinates db) {
    return new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 4);
  }

  private static String personOf(WebClient http, CompetencyMapper mapper, JsonObject agent) {
    var lookup = http.get(mapper.port(), "localhost", "/persons").addQueryParam("agent", agent.encode())
        .basicAuthentication("ops", "ops-secret").send().await();
    return lookup.statusCode() == 200 ? lookup.bodyAsJsonObject().getString("personId") : null;
  }

  /** Until the live mapper has applied every statement sent so far. */
  private static void waitFor(CompetencyMapper mapper, Set<String> ids) throws InterruptedException {
    Framework framework = Framework.load();
    PgReplayStore store = new PgReplayStore(mapper.pool());
    PassportLifecycleIT.eventually(() -> store.processedStatementIds().await(),
        processed -> ids.stream().allMatch(id -> processed.contains(UUID.fromString(id))));
    assertThat(framework).isNotNull();
  }
}
