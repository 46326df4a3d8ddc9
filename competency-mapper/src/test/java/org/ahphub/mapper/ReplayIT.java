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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.ahphub.mapper.framework.Framework;
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
import org.apache.kafka.clients.producer.KafkaProducer;
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
          .ensure("Operations", "https://ops.example.nhs.uk", "ops", "ops-secret", Set.of("all")).await();
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
      Holdings.assertMatchEvidence(mapper.pool());
    } finally {
      producer.close();
      mapper.stop().compose(v -> vertx.close()).await();
    }
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
