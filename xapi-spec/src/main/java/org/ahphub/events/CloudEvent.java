package org.ahphub.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event in structured JSON mode, the envelope of every message the hub
 * puts on Kafka. {@code subject} carries the learner or person key.
 */
public record CloudEvent(String id, String source, String type, String subject, Instant time, JsonObject data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  public CloudEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
  }

  public JsonObject toJson() {
    return envelope().put("data", data);
  }

  /**
   * The structured-mode JSON with {@code encodedData}, JSON text as a database returns it, spliced in
   * as {@code data} without being parsed and written again.
   */
  public String encodeWithData(String encodedData) {
    String envelope = envelope().encode();
    return new StringBuilder(envelope.length() + encodedData.length() + 9)
        .append(envelope, 0, envelope.length() - 1)
        .append(",\"data\":")
        .append(encodedData)
        .append('}')
        .toString();
  }

  private JsonObject envelope() {
    JsonObject json = new JsonObject()
        .put("specversion", SPEC_VERSION)
        .put("id", id)
        .put("source", source)
        .put("type", type)
        .put("time", time.toString())
        .put("datacontenttype", "application/json");
    if (subject != null) {
      json.put("subject", subject);
    }
    return json;
  }

  /** Reads a structured-mode event; rejects anything that is not CloudEvents 1.0. */
  public static CloudEvent fromJson(JsonObject json) {
    if (!SPEC_VERSION.equals(json.getString("specversion"))) {
      throw new IllegalArgumentException("not a CloudEvents 1.0 event: specversion=" + json.getValue("specversion"));
    }
    return new CloudEvent(
        json.getString("id"),
        json.getString("source"),
        json.getString("type"),
        json.getString("subject"),
        Instant.parse(json.getString("time")),
        json.getJsonObject("data"));
  }
}
