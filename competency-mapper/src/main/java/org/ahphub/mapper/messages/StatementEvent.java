package org.ahphub.mapper.messages;

import io.vertx.core.json.JsonObject;
import org.ahphub.events.CloudEvent;

/**
 * What the mapper reads of an {@code lrs.statements} record: the CloudEvent's id and type and the stored
 * statement ({@code data}). The envelope is checked as {@link CloudEvent#fromJson} checks it (CloudEvents
 * 1.0, with id, source, type and time), but {@code time} is not parsed: the mapper does not use it, and
 * parsing it was one of the larger costs per record.
 */
public record StatementEvent(String id, String type, JsonObject statement) {

  /** @throws RuntimeException when the text is not a CloudEvents 1.0 JSON event */
  public static StatementEvent read(String json) {
    JsonObject event = new JsonObject(json);
    if (!CloudEvent.SPEC_VERSION.equals(event.getString("specversion"))) {
      throw new IllegalArgumentException("not a CloudEvents 1.0 event: specversion=" + event.getValue("specversion"));
    }
    for (String attribute : new String[] {"id", "source", "type", "time"}) {
      if (event.getString(attribute) == null) {
        throw new NullPointerException(attribute);
      }
    }
    return new StatementEvent(event.getString("id"), event.getString("type"), event.getJsonObject("data"));
  }
}
