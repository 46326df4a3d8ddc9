package org.ahphub.mapper.credentials;

import static org.ahphub.mapper.SharingHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Credential revocation consumes passport.updates on its own, whether or not this hub dispatches webhooks. */
class CredentialRevocationIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of("WEBHOOK_DISPATCH", "false"));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  @DisplayName("with WEBHOOK_DISPATCH=false, voiding the statement behind a credential still revokes it")
  void voidingRevokesWithoutWebhookDispatch() throws Exception {
    String mbox = "mailto:revoke-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject statement = SharingHarness.completed(mbox, "4.2");
    hub.publishStatement(statement, EventTypes.STATEMENT_STORED);
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
    hub.publishStatement(voiding, EventTypes.STATEMENT_VOIDED);

    JsonObject result = eventually(() -> verify(jwt), r -> !r.getBoolean("verified"));
    assertThat(result.getString("reason")).isEqualTo("revoked");
  }



  private static JsonObject verify(String jwt) {
    return hub.http.post(hub.mapper.port(), "localhost", "/verify").putHeader("Content-Type", "application/vc+jwt")
        .sendBuffer(Buffer.buffer(jwt)).await().bodyAsJsonObject();
  }
}
