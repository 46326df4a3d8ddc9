package org.ahphub.connectors.state;

import io.vertx.core.json.JsonObject;

/**
 * How far an import of one input got: every record up to and including {@code record} (which
 * starts on {@code line}) is delivered or rejected. {@code fingerprint} is the SHA-256 of the input;
 * a checkpoint for different content is not used.
 */
public record Checkpoint(String source, String input, String fingerprint, long record, long line, String updatedAt) {

  public JsonObject json() {
    return new JsonObject()
        .put("source", source)
        .put("input", input)
        .put("fingerprint", fingerprint)
        .put("record", record)
        .put("line", line)
        .put("updatedAt", updatedAt);
  }

  public static Checkpoint fromJson(JsonObject json) {
    return new Checkpoint(json.getString("source"), json.getString("input"), json.getString("fingerprint"),
        json.getLong("record", 0L), json.getLong("line", 0L), json.getString("updatedAt"));
  }
}
