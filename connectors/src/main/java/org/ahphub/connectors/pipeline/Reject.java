package org.ahphub.connectors.pipeline;

import io.vertx.core.json.JsonObject;

/**
 * A row that was not imported: the input, the line it starts on (for JSON input, the record
 * number), the 1-based column (0 when not known or the row as a whole), the field, and the reason.
 * Reasons never carry e-mail addresses.
 */
public record Reject(String input, long line, int column, String field, String reason) {

  public JsonObject json() {
    JsonObject json = new JsonObject().put("file", input).put("line", line).put("column", column);
    if (field != null) {
      json.put("field", field);
    }
    return json.put("reason", reason);
  }

  @Override
  public String toString() {
    return input + ":" + line + (column > 0 ? ":" + column : "") + (field != null ? " (" + field + ")" : "")
        + ": " + reason;
  }
}
