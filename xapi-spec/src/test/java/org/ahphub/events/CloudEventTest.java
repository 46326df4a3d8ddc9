package org.ahphub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CloudEvents 1.0 structured mode")
class CloudEventTest {

  private final CloudEvent event = new CloudEvent("6d1c7e0e-3a4b-4b8e-9a55-0c2f1f7d9b11", "/xapi/statements",
      EventTypes.STATEMENT_STORED, "mbox:mailto:ada@example.org", Instant.parse("2026-11-22T06:00:00.123Z"),
      new JsonObject().put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed")));

  @Test
  @DisplayName("data spliced in as stored JSON text reads back as the same event as one written whole")
  void encodeWithDataEqualsToJson() {
    String encoded = event.encodeWithData("{\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/completed\"}}");

    JsonObject json = new JsonObject(encoded);
    assertThat(json).isEqualTo(event.toJson());
    assertThat(CloudEvent.fromJson(json)).isEqualTo(event);
  }

  @Test
  @DisplayName("an event without subject leaves it out; anything but specversion 1.0 is refused")
  void subjectOptionalSpecVersionRequired() {
    CloudEvent withoutSubject = new CloudEvent("1", "/s", "t", null, Instant.EPOCH, new JsonObject());

    assertThat(withoutSubject.toJson().containsKey("subject")).isFalse();
    assertThat(new JsonObject(withoutSubject.encodeWithData("{}")).getJsonObject("data")).isEqualTo(new JsonObject());
    assertThatThrownBy(() -> CloudEvent.fromJson(event.toJson().put("specversion", "0.3")))
        .hasMessageContaining("specversion");
  }

  @Test
  @DisplayName("extension attributes (organisation) travel as top-level attributes and read back; bad names are refused")
  void extensionAttributes() {
    CloudEvent withOrganisation = event.withExtension(CloudEvent.ORGANISATION, "0f8c2b52-6c1e-4a57-9d43-1d2b7b3f9a10");

    JsonObject json = new JsonObject(withOrganisation.encodeWithData("{}"));

    assertThat(json.getString("organisation")).isEqualTo("0f8c2b52-6c1e-4a57-9d43-1d2b7b3f9a10");
    assertThat(json.getString("id")).isEqualTo(event.id());
    assertThat(CloudEvent.fromJson(json).extension(CloudEvent.ORGANISATION))
        .isEqualTo("0f8c2b52-6c1e-4a57-9d43-1d2b7b3f9a10");
    assertThat(CloudEvent.fromJson(event.toJson()).extensions()).isEmpty();
    assertThatThrownBy(() -> event.withExtension("Organisation-Id", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> event.withExtension("subject", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
