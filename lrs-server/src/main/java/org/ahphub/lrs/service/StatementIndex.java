package org.ahphub.lrs.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ahphub.lrs.store.StatementRecord;
import org.ahphub.lrs.store.StatementRecord.IndexEntry;
import org.ahphub.xapi.Actors;

/** Which agents and activities a statement is about, and how: the rows behind every query filter. */
final class StatementIndex {

  private static final List<String> CONTEXT_ACTIVITY_KINDS = List.of("parent", "grouping", "category", "other");

  private StatementIndex() {}

  static List<IndexEntry> agents(JsonObject statement) {
    Set<IndexEntry> entries = new LinkedHashSet<>();
    actor(statement.getJsonObject("actor"), "actor", entries);
    JsonObject object = statement.getJsonObject("object");
    String objectType = object.getString("objectType", "Activity");
    if (objectType.equals("Agent") || objectType.equals("Group")) {
      actor(object, "object", entries);
    } else if (objectType.equals("SubStatement")) {
      actor(object.getJsonObject("actor"), "sub", entries);
      JsonObject subObject = object.getJsonObject("object");
      if (subObject != null && !"Activity".equals(subObject.getString("objectType", "Activity"))) {
        actor(subObject, "sub", entries);
      }
      contextAgents(object.getJsonObject("context"), "sub", entries);
    }
    contextAgents(statement.getJsonObject("context"), null, entries);
    actor(statement.getJsonObject("authority"), "authority", entries);
    return new ArrayList<>(entries);
  }

  static List<IndexEntry> activities(JsonObject statement) {
    Set<IndexEntry> entries = new LinkedHashSet<>();
    JsonObject object = statement.getJsonObject("object");
    String objectType = object.getString("objectType", "Activity");
    if (objectType.equals("Activity")) {
      entries.add(new IndexEntry(object.getString("id"), "object"));
    } else if (objectType.equals("SubStatement")) {
      JsonObject subObject = object.getJsonObject("object");
      if (subObject != null && "Activity".equals(subObject.getString("objectType", "Activity"))) {
        entries.add(new IndexEntry(subObject.getString("id"), "sub"));
      }
      contextActivities(object.getJsonObject("context"), "sub", entries);
    }
    contextActivities(statement.getJsonObject("context"), null, entries);
    return new ArrayList<>(entries);
  }

  /**
   * The activity definitions a statement carries, by activity id, merged when one id appears twice
   * (later properties win; name and description language maps are combined).
   */
  static Map<String, JsonObject> definitions(JsonObject statement) {
    Map<String, JsonObject> definitions = new LinkedHashMap<>();
    collectDefinitions(statement, definitions);
    return definitions;
  }

  private static void collectDefinitions(JsonObject statement, Map<String, JsonObject> definitions) {
    JsonObject object = statement.getJsonObject("object");
    String objectType = object.getString("objectType", "Activity");
    if (objectType.equals("Activity")) {
      addDefinition(object, definitions);
    } else if (objectType.equals("SubStatement")) {
      collectDefinitions(object, definitions);
    }
    JsonObject context = statement.getJsonObject("context");
    JsonObject contextActivities = context == null ? null : context.getJsonObject("contextActivities");
    if (contextActivities != null) {
      for (String kind : CONTEXT_ACTIVITY_KINDS) {
        Object value = contextActivities.getValue(kind);
        if (value instanceof JsonObject single) {
          addDefinition(single, definitions);
        } else if (value instanceof JsonArray list) {
          for (int i = 0; i < list.size(); i++) {
            addDefinition(list.getJsonObject(i), definitions);
          }
        }
      }
    }
  }

  private static void addDefinition(JsonObject activity, Map<String, JsonObject> definitions) {
    JsonObject definition = activity.getJsonObject("definition");
    if (definition == null) {
      return;
    }
    definitions.merge(activity.getString("id"), definition.copy(), StatementIndex::mergeDefinitions);
  }

  static JsonObject mergeDefinitions(JsonObject older, JsonObject newer) {
    return StatementRecord.mergeDefinitions(older, newer);
  }

  private static void contextAgents(JsonObject context, String relationOverride, Set<IndexEntry> entries) {
    if (context == null) {
      return;
    }
    actor(context.getJsonObject("instructor"), relationOverride != null ? relationOverride : "instructor", entries);
    actor(context.getJsonObject("team"), relationOverride != null ? relationOverride : "team", entries);
    for (String kind : List.of("contextAgents", "contextGroups")) {
      JsonArray list = context.getJsonArray(kind);
      if (list != null) {
        for (int i = 0; i < list.size(); i++) {
          JsonObject entry = list.getJsonObject(i);
          JsonObject actor = entry.getJsonObject(kind.equals("contextAgents") ? "agent" : "group");
          actor(actor, relationOverride != null ? relationOverride : "context", entries);
        }
      }
    }
  }

  private static void contextActivities(JsonObject context, String relationOverride, Set<IndexEntry> entries) {
    JsonObject activities = context == null ? null : context.getJsonObject("contextActivities");
    if (activities == null) {
      return;
    }
    for (String kind : CONTEXT_ACTIVITY_KINDS) {
      Object value = activities.getValue(kind);
      String relation = relationOverride != null ? relationOverride : kind;
      if (value instanceof JsonObject single) {
        entries.add(new IndexEntry(single.getString("id"), relation));
      } else if (value instanceof JsonArray list) {
        for (int i = 0; i < list.size(); i++) {
          entries.add(new IndexEntry(list.getJsonObject(i).getString("id"), relation));
        }
      }
    }
  }

  /** An agent, or a group and each of its members. */
  private static void actor(JsonObject actor, String relation, Set<IndexEntry> entries) {
    if (actor == null) {
      return;
    }
    Actors.identifierKey(actor).ifPresent(key -> entries.add(new IndexEntry(key, relation)));
    JsonArray members = actor.getJsonArray("member");
    if (members != null) {
      for (int i = 0; i < members.size(); i++) {
        Actors.identifierKey(members.getJsonObject(i)).ifPresent(key -> entries.add(new IndexEntry(key, relation)));
      }
    }
  }
}
