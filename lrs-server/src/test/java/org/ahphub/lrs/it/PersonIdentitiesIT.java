package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ahphub.lrs.it.TestLrs.uniqueMbox;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.lrs.events.IdentityEventsVerticle;
import org.ahphub.platform.identity.PgCredentialStore;
import org.ahphub.xapi.Actors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Agents resource: the Person combines every identifier passport.identities links to one person")
class PersonIdentitiesIT {

  /** Records a test must see in order go to one partition (a person's events always share one). */
  private static final int PARTITION = 0;

  private TestLrs lrs;
  private KafkaProducer<String, String> producer;
  private final ListAppender<ILoggingEvent> consumerLog = new ListAppender<>();

  @BeforeAll
  void start() {
    lrs = TestLrs.start();
    producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", lrs.kafkaBootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
    consumerLog.start();
    ((Logger) LoggerFactory.getLogger(IdentityEventsVerticle.class)).addAppender(consumerLog);
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(IdentityEventsVerticle.class)).detachAppender(consumerLog);
    if (producer != null) {
      producer.close();
    }
    if (lrs != null) {
      lrs.close();
    }
  }

  @Test
  @DisplayName("an agent the LRS knows no person for is a Person of its own identifier and name")
  void unknownAgentIsItsOwnPerson() {
    JsonObject agent = account("https://unknown.example.org", UUID.randomUUID().toString()).put("name", "Sam");

    JsonObject person = person(agent);

    assertThat(person).isEqualTo(new JsonObject().put("objectType", "Person")
        .put("name", new JsonArray().add("Sam"))
        .put("account", new JsonArray().add(agent.getJsonObject("account"))));
  }

  @Test
  @DisplayName("after a person's snapshot, asking for any one identifier returns all of them, the one asked for in its own form and first")
  void snapshotCombinesIdentifiers() throws Exception {
    String mbox = uniqueMbox();
    String sum = Actors.sha1Hex(mbox);
    JsonObject staffNumber = account("https://trust.example.nhs.uk", "staff-" + UUID.randomUUID());
    JsonObject elfh = account("https://www.e-lfh.org.uk", "L" + UUID.randomUUID());
    JsonObject openid = new JsonObject().put("openid", "https://id.example.org/" + UUID.randomUUID());
    UUID personId = UUID.randomUUID();

    publish(snapshot(personId, 1, new JsonObject().put("mbox_sha1sum", sum), staffNumber, elfh, openid));

    JsonObject byMbox = eventually(() -> person(new JsonObject().put("mbox", mbox).put("name", "Sam Carter")),
        p -> p.containsKey("account"));
    assertThat(byMbox.getJsonArray("name")).containsExactly("Sam Carter");
    assertThat(byMbox.getJsonArray("mbox")).containsExactly(mbox);
    assertThat(byMbox.containsKey("mbox_sha1sum")).as("the mbox asked for stands for its own SHA-1 sum").isFalse();
    assertThat(byMbox.getJsonArray("account"))
        .containsExactlyInAnyOrder(staffNumber.getJsonObject("account"), elfh.getJsonObject("account"));
    assertThat(byMbox.getJsonArray("openid")).containsExactly(openid.getString("openid"));

    JsonObject byAccount = person(elfh);
    assertThat(byAccount.getJsonArray("account").getValue(0)).isEqualTo(elfh.getJsonObject("account"));
    assertThat(byAccount.getJsonArray("account")).hasSize(2);
    assertThat(byAccount.getJsonArray("mbox_sha1sum")).containsExactly(sum);
    assertThat(byAccount.containsKey("mbox")).isFalse();
    assertThat(byAccount.containsKey("name")).isFalse();
  }

  @Test
  @DisplayName("a snapshot applied twice, or an older one after a newer one, changes nothing")
  void snapshotsAreIdempotentAndOrderTolerant() throws Exception {
    UUID personId = UUID.randomUUID();
    JsonObject first = account("https://trust.example.nhs.uk", "first-" + UUID.randomUUID());
    JsonObject second = account("https://trust.example.nhs.uk", "second-" + UUID.randomUUID());
    JsonObject third = account("https://trust.example.nhs.uk", "third-" + UUID.randomUUID());
    String newer = snapshot(personId, 10, first, second, third);

    publish(newer);
    publish(newer);
    publish(snapshot(personId, 5, first));
    awaitConsumerPast();

    assertThat(accountNames(person(first))).containsExactlyInAnyOrder(
        name(first), name(second), name(third));
    assertThat(accountNames(person(third))).hasSize(3);
  }

  @Test
  @DisplayName("a merge moves the merged person's identifiers to the survivor, whether the survivor's snapshot comes before or after")
  void mergeMovesIdentifiers() throws Exception {
    UUID survivor = UUID.randomUUID();
    UUID merged = UUID.randomUUID();
    JsonObject survivorOwn = account("https://trust.example.nhs.uk", "s-" + UUID.randomUUID());
    JsonObject mergedOwn = account("https://www.e-lfh.org.uk", "m-" + UUID.randomUUID());
    JsonObject mergedOther = new JsonObject().put("openid", "https://id.example.org/m-" + UUID.randomUUID());
    publish(snapshot(survivor, 1, survivorOwn));
    publish(snapshot(merged, 2, mergedOwn, mergedOther));
    eventually(() -> person(mergedOther), p -> p.containsKey("account"));

    publish(mergedInto(merged, survivor, 3));
    awaitConsumerPast();

    JsonObject afterMergeEvent = person(mergedOther);
    assertThat(accountNames(afterMergeEvent)).containsExactlyInAnyOrder(name(survivorOwn), name(mergedOwn));
    assertThat(afterMergeEvent.getJsonArray("openid")).containsExactly(mergedOther.getString("openid"));

    // The survivor's own snapshot of the same merge, after the merge event: the same person.
    publish(snapshot(survivor, 3, survivorOwn, mergedOwn, mergedOther));
    awaitConsumerPast();
    assertThat(accountNames(person(survivorOwn))).containsExactlyInAnyOrder(name(survivorOwn), name(mergedOwn));
    assertThat(person(survivorOwn).getJsonArray("openid")).containsExactly(mergedOther.getString("openid"));
  }

  @Test
  @DisplayName("two merges in a row (Q into P, then P into R) applied out of order across the three people leave every identifier with R")
  void mergeChainSurvivesReordering() throws Exception {
    UUID r = UUID.randomUUID();
    UUID p = UUID.randomUUID();
    UUID q = UUID.randomUUID();
    JsonObject rOwn = account("https://trust.example.nhs.uk", "r-" + UUID.randomUUID());
    JsonObject pOwn = account("https://trust.example.nhs.uk", "p-" + UUID.randomUUID());
    JsonObject qOwn = account("https://www.e-lfh.org.uk", "q-" + UUID.randomUUID());

    // As published: Q {q} v1; Q into P v2 (P {p,q} v2); P into R v3 (R {r,p,q} v3). Each person's own events
    // stay in order, but Q's lag behind: R's and P's arrive first.
    publish(snapshot(r, 3, rOwn, pOwn, qOwn));
    publish(snapshot(p, 2, pOwn, qOwn));
    publish(mergedInto(p, r, 3));
    publish(snapshot(q, 1, qOwn));
    publish(mergedInto(q, p, 2));
    awaitConsumerPast();

    assertThat(accountNames(person(qOwn))).containsExactlyInAnyOrder(name(rOwn), name(pOwn), name(qOwn));
    assertThat(accountNames(person(rOwn))).hasSize(3);
  }

  @Test
  @DisplayName("unreadable records and values the database refuses are logged and skipped; the records after them are applied")
  void unreadableRecordsAreSkipped() throws Exception {
    UUID personId = UUID.randomUUID();
    JsonObject before = account("https://trust.example.nhs.uk", "before-" + UUID.randomUUID());
    JsonObject after = account("https://trust.example.nhs.uk", "after-" + UUID.randomUUID());
    JsonObject twoIdentifiers = new JsonObject().put("openid", "https://id.example.org/x")
        .put("account", before.getJsonObject("account"));
    JsonObject nul = new JsonObject().put("openid", "https://id.example.org/\u0000" + UUID.randomUUID());
    int logged;
    synchronized (consumerLog) {
      logged = consumerLog.list.size();
    }

    publish("this is not JSON");
    publish(new JsonObject().put("specversion", "1.0").put("id", "no-time").encode());
    publish(event(EventTypes.STAGE_ATTAINED, personId, new JsonObject()));
    publish(event(EventTypes.PERSON_IDENTIFIERS, personId, new JsonObject().put("personId", personId.toString())
        .put("identityVersion", 1).put("identifiers", new JsonArray().add(twoIdentifiers))));
    publish(event(EventTypes.PERSON_MERGED, personId, new JsonObject().put("personId", personId.toString())
        .put("identityVersion", 1).put("identifiers", new JsonArray())));
    publish(snapshot(personId, 2, before, nul));
    publish(snapshot(personId, 3, before, after));

    JsonObject person = eventually(() -> person(after), p -> p.getJsonArray("account").size() == 2);
    assertThat(accountNames(person)).containsExactlyInAnyOrder(name(before), name(after));
    List<ILoggingEvent> lines;
    synchronized (consumerLog) {
      lines = List.copyOf(consumerLog.list.subList(logged, consumerLog.list.size()));
    }
    List<ILoggingEvent> skipped = lines.stream()
        .filter(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().startsWith("skipping record "))
        .toList();
    assertThat(skipped).hasSize(6);
    assertThat(skipped).noneMatch(e -> e.getFormattedMessage().contains("https://id.example.org"));
    assertThat(skipped.get(5).getFormattedMessage()).contains("SQLSTATE class 22");
  }

  @Test
  @DisplayName("the Agents resource needs a statements-reading scope")
  void agentsNeedReadScope() {
    TestLrs.await(new PgCredentialStore(lrs.vertx(), lrs.server().pool())
        .ensure("Writer Platform", "https://writer.example.org", "writer-only", "writer-secret",
            Set.of("statements/write")));
    String agent = enc(account("https://trust.example.nhs.uk", "x").encode());

    HttpResponse<Buffer> forbidden = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/agents?agent=" + agent)
        .putHeader("Authorization", TestLrs.basic("writer-only", "writer-secret")).send());

    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(lrs.get("/xapi/agents?agent=" + agent).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a credential that reads only its organisation's statements is shown only the identifier it asked about")
  void ownOrganisationReadersSeeNoOtherIdentifiers() throws Exception {
    TestLrs.await(new PgCredentialStore(lrs.vertx(), lrs.server().pool())
        .ensure("Reader Trust", "https://reader.example.nhs.uk", "reader-mine", "reader-secret",
            Set.of("statements/read/mine")));
    JsonObject staffNumber = account("https://trust.example.nhs.uk", "staff-" + UUID.randomUUID());
    JsonObject elfh = account("https://www.e-lfh.org.uk", "L" + UUID.randomUUID());
    publish(snapshot(UUID.randomUUID(), 1, staffNumber, elfh));
    eventually(() -> person(staffNumber), p -> p.getJsonArray("account").size() == 2);

    HttpResponse<Buffer> own = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/agents?agent=" + enc(staffNumber.encode()))
        .putHeader("Authorization", TestLrs.basic("reader-mine", "reader-secret")).send());

    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.bodyAsJsonObject().getJsonArray("account")).containsExactly(staffNumber.getJsonObject("account"));
  }

  // ---------------------------------------------------------------- helpers

  private JsonObject person(JsonObject agent) {
    HttpResponse<Buffer> response = lrs.get("/xapi/agents?agent=" + enc(agent.encode()));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonObject account(String homePage, String name) {
    return new JsonObject().put("account", new JsonObject().put("homePage", homePage).put("name", name));
  }

  private static String name(JsonObject account) {
    return account.getJsonObject("account").getString("name");
  }

  private static List<String> accountNames(JsonObject person) {
    JsonArray accounts = person.getJsonArray("account", new JsonArray());
    return accounts.stream().map(a -> ((JsonObject) a).getString("name")).toList();
  }

  private static String snapshot(UUID personId, long version, JsonObject... identifiers) {
    return event(EventTypes.PERSON_IDENTIFIERS, personId, new JsonObject().put("personId", personId.toString())
        .put("identityVersion", version).put("identifiers", new JsonArray(List.of((Object[]) identifiers))));
  }

  private static String mergedInto(UUID merged, UUID survivor, long version) {
    return event(EventTypes.PERSON_MERGED, merged, new JsonObject().put("personId", merged.toString())
        .put("identityVersion", version).put("identifiers", new JsonArray()).put("mergedInto", survivor.toString()));
  }

  private static String event(String type, UUID personId, JsonObject data) {
    return new CloudEvent(UUID.randomUUID().toString(), "/persons", type, personId.toString(), Instant.now(), data)
        .toJson().encode();
  }

  /**
   * Keyed by person id as the mapper does (when the value has one, otherwise by a fixed key: the topic is
   * compacted, and the broker refuses a record without a key), always on {@link #PARTITION}.
   */
  private void publish(String value) throws Exception {
    String key;
    try {
      key = new JsonObject(value).getString("subject");
    } catch (RuntimeException notJson) {
      key = null;
    }
    if (key == null) {
      key = "unreadable";
    }
    producer.send(new ProducerRecord<>(Topics.PASSPORT_IDENTITIES, PARTITION, key, value)).get();
  }

  /** Publishes a marker snapshot behind everything published so far (same partition) and waits until it is applied. */
  private void awaitConsumerPast() throws Exception {
    JsonObject marker = new JsonObject().put("openid", "https://id.example.org/marker-" + UUID.randomUUID());
    JsonObject markerTwin = new JsonObject().put("openid", "https://id.example.org/twin-" + UUID.randomUUID());
    publish(snapshot(UUID.randomUUID(), 1, marker, markerTwin));
    eventually(() -> person(marker), p -> p.getJsonArray("openid").size() == 2);
  }

  private static <T> T eventually(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
    return org.ahphub.testing.Eventually.await("the condition", probe::get, done);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
