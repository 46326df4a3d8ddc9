package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ahphub.lrs.it.TestLrs.statement;
import static org.ahphub.lrs.it.TestLrs.uniqueMbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.testing.TestInfrastructure;
import org.ahphub.xapi.Actors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.privacy.SubjectErased;
import org.ahphub.platform.privacy.SubjectKeys;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Statement relay: every stored statement reaches lrs.statements, in commit order")
class StatementRelayIT {

  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";

  private TestLrs lrs;

  @BeforeAll
  void start() {
    lrs = TestLrs.start();
  }

  @AfterAll
  void stop() {
    TestInfrastructure.get().resumeKafka();
    if (lrs != null) {
      lrs.close();
    }
  }

  @Test
  @DisplayName("the stored statements are published as CloudEvents keyed by the learner's pseudonym, the statement sealed with the learner's key (nothing personal in clear); a re-posted duplicate is not re-published")
  void storedStatementsArePublishedOnce() {
    String mbox = uniqueMbox();
    String learner = Actors.learnerKey(new JsonObject().put("actor", new JsonObject().put("mbox", mbox)));
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 3; i++) {
      batch.add(statement(mbox, COMPLETED, "http://example.org/outbox/" + i));
    }
    JsonArray ids = lrs.postJson("/xapi/statements", batch).bodyAsJsonArray();
    JsonArray again = new JsonArray();
    for (int i = 0; i < 3; i++) {
      again.add(batch.getJsonObject(i).copy().put("id", ids.getString(i)));
    }

    HttpResponse<Buffer> duplicate = lrs.postJson("/xapi/statements", again);

    assertThat(duplicate.statusCode()).isEqualTo(200);
    try (TopicReader reader = reader(learner)) {
      List<ConsumerRecord<String, String>> records = reader.awaitAtLeast(3, Duration.ofSeconds(30), Duration.ofSeconds(1));
      assertThat(records).hasSize(3);
      List<String> eventIds = new ArrayList<>();
      for (ConsumerRecord<String, String> record : records) {
        JsonObject event = new JsonObject(record.value());
        assertThat(record.value()).doesNotContain(mbox).doesNotContain(learner);
        assertThat(record.key()).isEqualTo(keys().pseudonym(learner)).doesNotContain("@");
        assertThat(event.getString("specversion")).isEqualTo("1.0");
        // CloudEvents Kafka binding, structured mode: the header tells the encoding without reading the value.
        assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
            .isEqualTo("application/cloudevents+json; charset=UTF-8");
        assertThat(event.getString("type")).isEqualTo(EventTypes.STATEMENT_STORED);
        assertThat(event.getString("subject")).isEqualTo(keys().pseudonym(learner));
        assertThat(event.getString("source")).isNotBlank();
        assertThat(event.getString("time")).isNotBlank();
        JsonObject stored = lrs.get("/xapi/statements?statementId=" + event.getString("id")).bodyAsJsonObject();
        assertThat(opened(event)).isEqualTo(stored);
        assertThat(event.getString("time")).isEqualTo(stored.getString("stored"));
        eventIds.add(event.getString("id"));
      }
      assertThat(eventIds).containsExactly(ids.getString(0), ids.getString(1), ids.getString(2));
    }
  }

  @Test
  @DisplayName("a voiding statement is published with the voided event type")
  void voidingIsPublishedAsVoided() {
    String mbox = uniqueMbox();
    String learner = Actors.learnerKey(new JsonObject().put("actor", new JsonObject().put("mbox", mbox)));
    String target = lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/v"))
        .bodyAsJsonArray().getString(0);
    lrs.postJson("/xapi/statements", new JsonObject()
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", target)));

    try (TopicReader reader = reader(learner)) {
      List<ConsumerRecord<String, String>> records = reader.awaitAtLeast(2, Duration.ofSeconds(30), Duration.ZERO);
      assertThat(records).extracting(r -> new JsonObject(r.value()).getString("type"))
          .containsExactly(EventTypes.STATEMENT_STORED, EventTypes.STATEMENT_VOIDED);
    }
  }

  @Test
  @DisplayName("while the broker is down statements are still accepted; after it returns every one is published")
  void relayKeepsGoingAfterBrokerRestart() {
    String mbox = uniqueMbox();
    String learner = Actors.learnerKey(new JsonObject().put("actor", new JsonObject().put("mbox", mbox)));
    List<String> ids = new ArrayList<>();

    TestInfrastructure.get().interruptKafka();
    try {
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> posted = lrs.postJson("/xapi/statements",
            statement(mbox, COMPLETED, "http://example.org/outage/" + i));
        assertThat(posted.statusCode()).isEqualTo(200);
        ids.add(posted.bodyAsJsonArray().getString(0));
      }
    } finally {
      TestInfrastructure.get().resumeKafka();
    }

    try (TopicReader reader = reader(learner)) {
      List<ConsumerRecord<String, String>> records = reader.awaitAtLeast(5, Duration.ofSeconds(60), Duration.ofSeconds(1));
      assertThat(records).extracting(r -> new JsonObject(r.value()).getString("id")).containsExactlyElementsOf(ids);
    }
  }

  @Test
  @DisplayName("each event names the organisation whose store holds the statement (extension attribute organisation)")
  void eventsCarryTheirOrganisation() {
    TestLrs.await(new org.ahphub.platform.identity.PgCredentialStore(lrs.vertx(), lrs.server().pool())
        .ensure("Relay Other Org", "https://relay-other.example.org", "relay-other", "relay-other-secret",
            java.util.Set.of("statements/write")));
    String mbox = uniqueMbox();
    String learner = Actors.learnerKey(new JsonObject().put("actor", new JsonObject().put("mbox", mbox)));
    String id = java.util.UUID.randomUUID().toString();
    JsonObject statement = statement(mbox, COMPLETED, "http://example.org/org-relay").put("id", id);
    assertThat(lrs.postJson("/xapi/statements", statement).statusCode()).isEqualTo(200);
    assertThat(TestLrs.await(lrs.request(io.vertx.core.http.HttpMethod.POST, "/xapi/statements")
        .putHeader("Authorization", TestLrs.basic("relay-other", "relay-other-secret"))
        .putHeader("Content-Type", "application/json").sendBuffer(statement.toBuffer())).statusCode()).isEqualTo(200);
    java.util.Map<String, String> organisations = new java.util.HashMap<>();
    TestLrs.await(lrs.server().pool().query("SELECT c.key, c.organisation_id FROM identity.credential c").execute())
        .forEach(row -> organisations.put(row.getString("key"), row.getUUID("organisation_id").toString()));

    try (TopicReader reader = reader(learner)) {
      List<ConsumerRecord<String, String>> records = reader.awaitAtLeast(2, Duration.ofSeconds(30), Duration.ofSeconds(1));
      assertThat(records).extracting(r -> new JsonObject(r.value()).getString("id")).containsExactly(id, id);
      assertThat(records).extracting(r -> new JsonObject(r.value()).getString("organisation"))
          .containsExactly(organisations.get(TestLrs.KEY), organisations.get("relay-other"));
      assertThat(records).extracting(r -> opened(new JsonObject(r.value())).getString("id"))
          .containsExactly(id, id);
    }
  }

  @Test
  @DisplayName("once the learner's key is destroyed (erasure) their published statements cannot be opened by anyone; other learners' still can")
  void destroyedKeyErasesTheLog() {
    String mbox = uniqueMbox();
    String learner = Actors.learnerKey(new JsonObject().put("actor", new JsonObject().put("mbox", mbox)));
    String other = uniqueMbox();
    String otherLearner = Actors.learnerKey(new JsonObject().put("actor", new JsonObject().put("mbox", other)));
    lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/erased"));
    lrs.postJson("/xapi/statements", statement(other, COMPLETED, "http://example.org/kept"));
    JsonObject erased;
    JsonObject kept;
    try (TopicReader reader = reader(learner)) {
      erased = new JsonObject(reader.awaitAtLeast(1, Duration.ofSeconds(30), Duration.ZERO).get(0).value());
    }
    try (TopicReader reader = reader(otherLearner)) {
      kept = new JsonObject(reader.awaitAtLeast(1, Duration.ofSeconds(30), Duration.ZERO).get(0).value());
    }
    assertThat(opened(erased).getJsonObject("actor").getString("mbox")).isEqualTo(mbox);

    assertThat(TestLrs.await(keys().destroy(List.of(learner)))).isEqualTo(1);

    SubjectKeys elsewhere = new SubjectKeys(lrs.server().pool(), SecretBox.fromConfig(null));
    assertThat(elsewhere.open(erased.getString("id"), erased.getJsonObject("data")).toCompletionStage()
        .toCompletableFuture()).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(SubjectErased.class);
    assertThat(TestLrs.await(elsewhere.open(kept.getString("id"), kept.getJsonObject("data")))
        .getJsonObject("actor").getString("mbox")).isEqualTo(other);
  }

  private SubjectKeys keys;

  /** The learners' keys, as the LRS holds them (tests run on the development key-encryption key). */
  private SubjectKeys keys() {
    if (keys == null) {
      keys = new SubjectKeys(lrs.server().pool(), SecretBox.fromConfig(null));
    }
    return keys;
  }

  /** The statement an event carries, opened with the learner's key. */
  private JsonObject opened(JsonObject event) {
    return TestLrs.await(keys().open(event.getString("id"), event.getJsonObject("data")));
  }

  private TopicReader reader(String learner) {
    String pseudonym = keys().pseudonym(learner);
    return new TopicReader(lrs.kafkaBootstrapServers(), Topics.LRS_STATEMENTS, r -> pseudonym.equals(r.key()));
  }
}
