package org.ahphub.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A CloudEvents 1.0 event in structured JSON mode, the envelope of every message the hub
 * puts on Kafka. {@code subject} carries the learner or person key; {@code extensions} are CloudEvents
 * extension attributes (string values, names of lower-case letters and digits), such as
 * {@link #ORGANISATION} on {@code lrs.statements}.
 */
public record CloudEvent(String id, String source, String type, String subject, Instant time, JsonObject data,
    Map<String, String> extensions) {

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/cloudevents+json";
  /** Extension attribute on {@code lrs.statements}: the organisation (uuid) whose store holds the statement. */
  public static final String ORGANISATION = "organisation";

  private static final Set<String> CONTEXT_ATTRIBUTES = Set.of("specversion", "id", "source", "type", "subject",
      "time", "datacontenttype", "dataschema", "data", "data_base64");
  private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");

  public CloudEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    extensions = extensions == null ? Map.of() : Map.copyOf(new TreeMap<>(extensions));
    for (String name : extensions.keySet()) {
      if (!EXTENSION_NAME.matcher(name).matches() || CONTEXT_ATTRIBUTES.contains(name)) {
        throw new IllegalArgumentException("not a CloudEvents extension attribute name: " + name);
      }
    }
  }

  /** An event without extension attributes. */
  public CloudEvent(String id, String source, String type, String subject, Instant time, JsonObject data) {
    this(id, source, type, subject, time, data, Map.of());
  }

  /** This event with one more extension attribute. */
  public CloudEvent withExtension(String name, String value) {
    Map<String, String> more = new TreeMap<>(extensions);
    more.put(name, Objects.requireNonNull(value, name));
    return new CloudEvent(id, source, type, subject, time, data, more);
  }

  /** An extension attribute's value, or null when the event has none by that name. */
  public String extension(String name) {
    return extensions.get(name);
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
    new TreeMap<>(extensions).forEach(json::put);
    return json;
  }

  /** Reads a structured-mode event; rejects anything that is not CloudEvents 1.0. */
  public static CloudEvent fromJson(JsonObject json) {
    if (!SPEC_VERSION.equals(json.getString("specversion"))) {
      throw new IllegalArgumentException("not a CloudEvents 1.0 event: specversion=" + json.getValue("specversion"));
    }
    Map<String, String> extensions = new TreeMap<>();
    for (String name : json.fieldNames()) {
      if (!CONTEXT_ATTRIBUTES.contains(name) && json.getValue(name) instanceof String value
          && EXTENSION_NAME.matcher(name).matches()) {
        extensions.put(name, value);
      }
    }
    return new CloudEvent(
        json.getString("id"),
        json.getString("source"),
        json.getString("type"),
        json.getString("subject"),
        Instant.parse(json.getString("time")),
        json.getJsonObject("data"),
        extensions);
  }
}
