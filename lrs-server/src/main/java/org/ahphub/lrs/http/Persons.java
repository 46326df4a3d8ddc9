package org.ahphub.lrs.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The Agents resource's Person object: every identifier and name known for an agent, as arrays. */
final class Persons {

  private Persons() {}

  static JsonObject of(JsonObject agent) {
    JsonObject person = new JsonObject().put("objectType", "Person");
    if (agent.getValue("name") instanceof String name) {
      person.put("name", new JsonArray().add(name));
    }
    for (String property : List.of("mbox", "mbox_sha1sum", "openid", "account")) {
      if (agent.containsKey(property)) {
        person.put(property, new JsonArray().add(agent.getValue(property)));
      }
    }
    return person;
  }
}
