package org.ahphub.lrs.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ahphub.xapi.Actors;

/**
 * The Agents resource's Person object: every identifier known for the agent's person and the names
 * known, each property an array. The queried agent's own identifier comes first and in the form it
 * was given (an mbox stays an mbox, though the person's list holds only its SHA-1 sum).
 */
final class Persons {

  private Persons() {}

  /** {@code known}: the person's identifiers by identifier key, as {@link org.ahphub.lrs.store.PersonStore} holds them. */
  static JsonObject of(JsonObject agent, Map<String, JsonObject> known) {
    String ownKey = Actors.identifierKey(agent).orElse(null);
    List<JsonObject> identifiers = new ArrayList<>();
    identifiers.add(agent);
    known.forEach((key, identifier) -> {
      if (!key.equals(ownKey)) {
        identifiers.add(identifier);
      }
    });
    JsonObject person = new JsonObject().put("objectType", "Person");
    if (agent.getValue("name") instanceof String name) {
      person.put("name", new JsonArray().add(name));
    }
    for (String property : Actors.IDENTIFIER_PROPERTIES) {
      JsonArray values = new JsonArray();
      for (JsonObject identifier : identifiers) {
        if (identifier.containsKey(property)) {
          values.add(identifier.getValue(property));
        }
      }
      if (!values.isEmpty()) {
        person.put(property, values);
      }
    }
    return person;
  }
}
