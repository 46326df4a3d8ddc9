package org.ahphub.mapper.credentials;

import static org.ahphub.mapper.SharingHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.ahphub.testing.TestInfrastructure;
import org.ahphub.xapi.Actors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Credential revocation consumes passport.updates on its own, whether or not this hub dispatches webhooks. */
class CredentialRevocationIT {

  private static SharingHarness hub;
  private static KafkaProducer<String, String> producer;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of("WEBHOOK_DISPATCH", "false"));
    producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers(),
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
  }

  @AfterAll
  static void stop() {
    producer.close();
    hub.close();
  }

  @Test
  @DisplayName("with WEBHOOK_DISPATCH=false, voiding the statement behind a credential still revokes it")
  void voidingRevokesWithoutWebhookDispatch() throws Exception {
    String mbox = "mailto:revoke-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject statement = completed(mbox, "4.2");
    publish(statement, EventTypes.STATEMENT_STORED);
    String personId = eventually(() -> {
      var found = hub.asOperator("GET", "/persons?agent=" + java.net.URLEncoder.encode(
          new JsonObject().put("mbox", mbox).encode(), java.nio.charset.StandardCharsets.UTF_8), null);
      return found.statusCode() == 200 ? found.bodyAsJsonObject().getString("personId") : null;
    }, id -> id != null);
    Credential employer = hub.organisation("Revocation Trust " + UUID.randomUUID(), "passport:read", "person:link");
    hub.employ(employer, personId);
    var issued = hub.as(employer, "GET", "/passports/" + personId + "/credentials", null);
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(200);
    JsonArray credentials = issued.bodyAsJsonObject().getJsonArray("credentials");
    assertThat(credentials).isNotEmpty();
    String jwt = credentials.getJsonObject(0).getString("jwt");
    assertThat(verify(jwt).getBoolean("verified")).isTrue();

    JsonObject voiding = new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", statement.getString("id")))
        .put("timestamp", "2026-10-02T09:00:00Z")
        .put("stored", "2026-10-02T09:00:01Z")
        .put("authority", statement.getJsonObject("authority"));
    publish(voiding, EventTypes.STATEMENT_VOIDED);

    JsonObject result = eventually(() -> verify(jwt), r -> !r.getBoolean("verified"));
    assertThat(result.getString("reason")).isEqualTo("revoked");
  }

  private static JsonObject completed(String mbox, String competency) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("actor", new JsonObject().put("mbox", mbox))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://learning.example.org/course/" + UUID.randomUUID()))
        .put("context", new JsonObject().put("contextActivities", new JsonObject()
            .put("category", new JsonArray().add(new JsonObject().put("id", SharingHarness.COMPETENCIES + competency)))))
        .put("timestamp", "2026-10-01T09:00:00Z")
        .put("stored", "2026-10-01T09:00:01Z")
        .put("authority", new JsonObject().put("objectType", "Agent").put("name", "Example Trust")
            .put("account", new JsonObject().put("homePage", "https://example.nhs.uk").put("name", "k")));
  }

  private static void publish(JsonObject statement, String type) throws Exception {
    String learner = Actors.learnerKey(statement);
    CloudEvent event = new CloudEvent(statement.getString("id"), "/xapi/statements", type, learner, Instant.now(),
        statement);
    producer.send(new ProducerRecord<>(Topics.LRS_STATEMENTS, learner, event.toJson().encode())).get();
  }

  private static JsonObject verify(String jwt) {
    return hub.http.post(hub.mapper.port(), "localhost", "/verify").putHeader("Content-Type", "application/vc+jwt")
        .sendBuffer(Buffer.buffer(jwt)).await().bodyAsJsonObject();
  }
}
