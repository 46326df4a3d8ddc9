package org.ahphub.mapper.credentials;

import static org.ahphub.mapper.SharingHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.ahphub.testing.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Revocation that sticks: an operator's revocation holds for the person x competency x stage until new evidence
 * is credited; the passport, /verify, passport.updates and webhook subscribers all say so. The hub's own
 * revocations (the credit was voided) never block a credential when the credit comes back.
 */
class RevocationSticksIT {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.UK)
      .withZone(ZoneOffset.UTC);

  private static SharingHarness hub;
  private static HttpServer webhooks;
  private static final List<JsonObject> delivered = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of("HUB_PUBLIC_URL", "https://passports.example.org"));
    webhooks = hub.vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      delivered.add(body.toJsonObject());
      request.response().setStatusCode(204).end();
    })).listen(0).await();
  }

  @AfterAll
  static void stop() {
    webhooks.close().await();
    hub.close();
  }

  private record Person(String mbox, String personId, Credential employer) {}

  /** A person credited with {@code competency} by a statement, employed (accepted) by a new employer. */
  private static Person credited(String competency) throws Exception {
    String mbox = "mailto:sticks-" + UUID.randomUUID() + "@example.nhs.uk";
    hub.publishStatement(SharingHarness.completed(mbox, competency), EventTypes.STATEMENT_STORED);
    String personId = hub.awaitPerson(new JsonObject().put("mbox", mbox));
    Credential employer = hub.organisation("Sticks Trust " + UUID.randomUUID(), "passport:read", "person:link",
        "passport:subscribe");
    hub.employ(employer, personId);
    return new Person(mbox, personId, employer);
  }

  private static JsonArray credentials(Person person) {
    var response = hub.as(person.employer(), "GET", "/passports/" + person.personId() + "/credentials", null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("credentials");
  }

  private static Optional<JsonObject> credentialFor(JsonArray credentials, String competency, String stage) {
    return credentials.stream().map(JsonObject.class::cast)
        .filter(c -> competency.equals(c.getString("competency")) && stage.equals(c.getString("stage"))).findFirst();
  }

  private static JsonObject stageEntry(JsonObject passport, String competency, String stage) {
    return passport.getJsonArray("competencies").stream().map(JsonObject.class::cast)
        .filter(c -> competency.equals(c.getString("number"))).findFirst().orElseThrow()
        .getJsonArray("stages").stream().map(JsonObject.class::cast)
        .filter(s -> stage.equals(s.getString("stage"))).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("an operator's revocation sticks: not reissued, shown revoked with reason and date on the passport, /verify says when and why, credential.revoked reaches passport.updates and webhooks; new evidence brings a new credential")
  void operatorRevocationSticksUntilNewEvidence() throws Exception {
    Person person = credited("5.6");
    String hookPath = "/hooks/" + UUID.randomUUID();
    var subscribed = hub.as(person.employer(), "POST", "/subscriptions", new JsonObject()
        .put("url", "http://127.0.0.1:" + webhooks.actualPort() + hookPath)
        .put("eventTypes", new JsonArray().add(EventTypes.CREDENTIAL_REVOKED)));
    assertThat(subscribed.statusCode()).as("subscribers may ask for credential.revoked: " + subscribed.bodyAsString())
        .isEqualTo(201);
    JsonObject first = credentials(person).getJsonObject(0);
    String competency = first.getString("competency");
    String stage = first.getString("stage");
    String jwt = first.getString("jwt");

    var revoked = hub.asOperator("POST", "/admin/issued-credentials/" + first.getString("id") + "/revoke",
        new JsonObject().put("reason", "issued in error"));
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);
    String revokedAt = revoked.bodyAsJsonObject().getString("revokedAt");
    assertThat(revoked.bodyAsJsonObject().getString("reason")).isEqualTo("issued in error");

    JsonArray after = credentials(person);
    assertThat(credentialFor(after, competency, stage)).as("not reissued for the same evidence: " + after).isEmpty();
    assertThat(credentialFor(credentials(person), competency, stage)).as("nor at the next read").isEmpty();

    JsonObject passport = hub.as(person.employer(), "GET", "/passports/" + person.personId(), null).bodyAsJsonObject();
    JsonObject entry = stageEntry(passport, competency, stage);
    assertThat(entry.getString("status")).isEqualTo("revoked");
    assertThat(entry.getJsonObject("credentialRevoked").getString("reason")).isEqualTo("issued in error");
    assertThat(entry.getJsonObject("credentialRevoked").getString("on")).isEqualTo(revokedAt);
    JsonObject own = hub.asLearner("GET", "/me/passport", hub.learnerToken(person.personId()), null).bodyAsJsonObject();
    assertThat(stageEntry(own, competency, stage).getJsonObject("credentialRevoked").getString("reason"))
        .isEqualTo("issued in error");

    JsonObject verified = verify(jwt);
    assertThat(verified.getBoolean("verified")).isFalse();
    assertThat(verified.getString("reason")).isEqualTo("revoked");
    assertThat(verified.getString("message"))
        .isEqualTo("revoked on " + DAY.format(Instant.parse(revokedAt)) + ": issued in error");
    assertThat(verified.getString("revokedAt")).isEqualTo(revokedAt);
    assertThat(verified.getString("revocationReason")).isEqualTo("issued in error");

    JsonObject event = revokedEvent(person.personId(), first.getString("id"));
    assertThat(event.getString("source")).isEqualTo(CredentialEvents.SOURCE);
    JsonObject data = event.getJsonObject("data");
    assertThat(data.getString("reason")).isEqualTo("issued in error");
    assertThat(data.getString("revokedBy")).isEqualTo("operator");
    assertThat(data.getString("revokedAt")).isEqualTo(revokedAt);
    assertThat(data.getJsonObject("competency").getString("number")).isEqualTo(competency);
    assertThat(data.getString("stage")).isEqualTo(stage);
    JsonObject hook = eventually(() -> delivered.stream()
        .filter(e -> event.getString("id").equals(e.getString("id"))).findFirst(), Optional::isPresent).get();
    assertThat(hook.getString("type")).isEqualTo(EventTypes.CREDENTIAL_REVOKED);
    assertThat(hook.getString("subject")).isEqualTo(person.personId());

    hub.publishStatement(SharingHarness.completed(person.mbox(), competency), EventTypes.STATEMENT_STORED);
    JsonObject renewed = eventually(() -> credentialFor(credentials(person), competency, stage), Optional::isPresent)
        .get();
    assertThat(renewed.getString("id")).as("a new credential for the new evidence").isNotEqualTo(first.getString("id"));
    assertThat(verify(renewed.getString("jwt")).getBoolean("verified")).isTrue();
    JsonObject passportNow = hub.as(person.employer(), "GET", "/passports/" + person.personId(), null)
        .bodyAsJsonObject();
    assertThat(stageEntry(passportNow, competency, stage).containsKey("credentialRevoked")).isFalse();
    assertThat(stageEntry(passportNow, competency, stage).getString("status")).isNotEqualTo("revoked");
  }

  @Test
  @DisplayName("a revoked competency counts towards no stage: the domain it completed is no longer attained on the passport as shown, and the grid says revoked")
  void revokedCompetencyCountsTowardsNoStage() throws Exception {
    org.ahphub.mapper.framework.Framework framework = org.ahphub.mapper.framework.Framework.load();
    org.ahphub.mapper.framework.Domain domain = framework.domains().get(framework.domains().size() - 1);
    String mbox = "mailto:sticks-domain-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonArray categories = new JsonArray();
    domain.competencies().forEach(c -> categories.add(new JsonObject()
        .put("id", SharingHarness.COMPETENCIES + c.number() + "/entry")));
    JsonObject statement = SharingHarness.completed(mbox, domain.competencies().get(0).number());
    statement.getJsonObject("context").getJsonObject("contextActivities").put("category", categories);
    hub.publishStatement(statement, EventTypes.STATEMENT_STORED);
    String personId = hub.awaitPerson(new JsonObject().put("mbox", mbox));
    JsonObject before = hub.asOperator("GET", "/passports/" + personId, null).bodyAsJsonObject();
    assertThat(domainOf(before, domain.number()).getJsonArray("attainedStages")).contains("entry");

    String revokedNumber = domain.competencies().get(0).number();
    JsonObject credential = eventually(() -> credentialFor(hub.asOperator("GET", "/passports/" + personId
        + "/credentials", null).bodyAsJsonObject().getJsonArray("credentials"), revokedNumber, "entry"),
        Optional::isPresent).get();
    var revoked = hub.asOperator("POST", "/admin/issued-credentials/" + credential.getString("id") + "/revoke",
        new JsonObject().put("reason", "assessed by the wrong assessor"));
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);

    JsonObject after = hub.asOperator("GET", "/passports/" + personId, null).bodyAsJsonObject();
    JsonObject shownDomain = domainOf(after, domain.number());
    assertThat(shownDomain.getJsonArray("attainedStages")).doesNotContain("entry");
    assertThat(shownDomain.getJsonArray("competencies").stream().map(JsonObject.class::cast)
        .filter(c -> revokedNumber.equals(c.getString("number"))).findFirst().orElseThrow()
        .getJsonObject("status").getString("entry")).isEqualTo("revoked");
    assertThat(stageEntry(after, revokedNumber, "entry").getString("status")).isEqualTo("revoked");
  }

  private static JsonObject domainOf(JsonObject passport, int number) {
    return passport.getJsonArray("domains").stream().map(JsonObject.class::cast)
        .filter(d -> d.getInteger("number") == number).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("the hub's own revocation (the statement was voided) is announced, and does not block a credential when the credit comes back")
  void systemRevocationDoesNotBlockReissue() throws Exception {
    String mbox = "mailto:sticks-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject statement = SharingHarness.completed(mbox, "4.2");
    hub.publishStatement(statement, EventTypes.STATEMENT_STORED);
    String personId = hub.awaitPerson(new JsonObject().put("mbox", mbox));
    Credential employer = hub.organisation("Void Trust " + UUID.randomUUID(), "passport:read", "person:link");
    hub.employ(employer, personId);
    Person person = new Person(mbox, personId, employer);
    JsonObject first = credentials(person).getJsonObject(0);
    String competency = first.getString("competency");
    String stage = first.getString("stage");

    hub.publishStatement(new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", statement.getString("id")))
        .put("timestamp", "2026-10-02T09:00:00Z")
        .put("stored", "2026-10-02T09:00:01Z")
        .put("authority", statement.getJsonObject("authority")), EventTypes.STATEMENT_VOIDED);
    JsonObject result = eventually(() -> verify(first.getString("jwt")), r -> !r.getBoolean("verified"));
    assertThat(result.getString("reason")).isEqualTo("revoked");
    assertThat(result.getString("message")).startsWith("revoked on ").endsWith(": voided");
    JsonObject event = revokedEvent(personId, first.getString("id"));
    assertThat(event.getJsonObject("data").getString("revokedBy")).isEqualTo("system");

    hub.publishStatement(SharingHarness.completed(mbox, competency), EventTypes.STATEMENT_STORED);
    JsonObject again = eventually(() -> credentialFor(credentials(person), competency, stage), Optional::isPresent)
        .get();
    assertThat(again.getString("id")).isNotEqualTo(first.getString("id"));
    assertThat(verify(again.getString("jwt")).getBoolean("verified")).isTrue();
  }

  @Test
  @DisplayName("revoking needs a reason (400 without one, or a blank or too long one); an unknown credential is 404, a revoked one 409")
  void revokeInput() throws Exception {
    Person person = credited("8.4");
    String id = credentials(person).getJsonObject(0).getString("id");
    String path = "/admin/issued-credentials/" + id + "/revoke";
    assertThat(hub.asOperator("POST", path, null).statusCode()).isEqualTo(400);
    assertThat(hub.asOperator("POST", path, new JsonObject()).statusCode()).isEqualTo(400);
    assertThat(hub.asOperator("POST", path, new JsonObject().put("reason", "  ")).statusCode()).isEqualTo(400);
    assertThat(hub.asOperator("POST", path, new JsonObject().put("reason", "x".repeat(501))).statusCode()).isEqualTo(400);
    assertThat(verify(credentials(person).getJsonObject(0).getString("jwt")).getBoolean("verified"))
        .as("a refused revocation revokes nothing").isTrue();
    assertThat(hub.asOperator("POST", "/admin/issued-credentials/" + UUID.randomUUID() + "/revoke",
        new JsonObject().put("reason", "issued in error")).statusCode()).isEqualTo(404);
    assertThat(hub.asOperator("POST", path, new JsonObject().put("reason", "x".repeat(500))).statusCode()).isEqualTo(200);
    assertThat(hub.asOperator("POST", path, new JsonObject().put("reason", "again")).statusCode()).isEqualTo(409);
    assertThat(hub.as(person.employer(), "POST", path, new JsonObject().put("reason", "not mine to revoke"))
        .statusCode()).isEqualTo(403);
  }

  /** The credential.revoked event of this credential, read from passport.updates by a consumer of its own. */
  private static JsonObject revokedEvent(String personId, String credentialId) throws InterruptedException {
    Properties config = new Properties();
    config.put("bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers());
    config.put("group.id", "revocation-it-" + UUID.randomUUID());
    config.put("auto.offset.reset", "earliest");
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(Topics.PASSPORT_UPDATES));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          JsonObject event = new JsonObject(record.value());
          JsonObject data = event.getJsonObject("data", new JsonObject());
          if (EventTypes.CREDENTIAL_REVOKED.equals(event.getString("type"))
              && data.getJsonObject("credential", new JsonObject()).getString("id", "").equals("urn:uuid:" + credentialId)) {
            assertThat(record.key()).isEqualTo(personId);
            assertThat(event.getString("subject")).isEqualTo(personId);
            return event;
          }
        }
      }
    }
    throw new AssertionError("no " + EventTypes.CREDENTIAL_REVOKED + " event for credential " + credentialId);
  }



  private static JsonObject verify(String jwt) {
    return hub.http.post(hub.mapper.port(), "localhost", "/verify").putHeader("Content-Type", "application/vc+jwt")
        .sendBuffer(Buffer.buffer(jwt)).await().bodyAsJsonObject();
  }
}
