package org.ahphub.connectors.xapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Small builders for the parts of a statement. Pure; every value comes from the caller. */
public final class Statements {

  private Statements() {}

  public static JsonObject statement(String id, JsonObject actor, Verb verb, JsonObject object) {
    return new JsonObject().put("id", id).put("actor", actor).put("verb", verb.json()).put("object", object);
  }

  /** An Agent identified only by an account: the single inverse functional identifier. */
  public static JsonObject accountAgent(String homePage, String name) {
    return new JsonObject()
        .put("objectType", "Agent")
        .put("account", new JsonObject().put("homePage", homePage).put("name", name));
  }

  public static JsonObject mboxAgent(String email) {
    return new JsonObject().put("objectType", "Agent").put("mbox", "mailto:" + email);
  }

  public static JsonObject activity(String id, String type, String name) {
    JsonObject activity = new JsonObject().put("objectType", "Activity").put("id", id);
    JsonObject definition = new JsonObject();
    if (name != null) {
      definition.put("name", new JsonObject().put("en-GB", name));
    }
    if (type != null) {
      definition.put("type", type);
    }
    if (!definition.isEmpty()) {
      activity.put("definition", definition);
    }
    return activity;
  }

  public static JsonObject statementRef(String id) {
    return new JsonObject().put("objectType", "StatementRef").put("id", id);
  }

  /** {@code contextActivities.category}, or {@code null} when there are none. */
  public static JsonObject categories(List<String> iris) {
    if (iris.isEmpty()) {
      return null;
    }
    JsonArray category = new JsonArray();
    iris.forEach(iri -> category.add(new JsonObject().put("objectType", "Activity").put("id", iri)));
    return new JsonObject().put("category", category);
  }
}
