package org.ahphub.lrs.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ahphub.xapi.Actors;

/**
 * The statements query {@code format} parameter: {@code exact} (as stored), {@code ids} (agents,
 * groups, activities and verbs reduced to their identifiers) or {@code canonical} (every language map
 * reduced to the one language that best matches the request's Accept-Language).
 */
public enum StatementFormat {
  EXACT, IDS, CANONICAL;

  private static final List<String> INTERACTION_COMPONENTS = List.of("choices", "scale", "source", "target", "steps");

  public static StatementFormat parse(String value) {
    if (value == null) {
      return EXACT;
    }
    return switch (value) {
      case "exact" -> EXACT;
      case "ids" -> IDS;
      case "canonical" -> CANONICAL;
      default -> throw new XapiException.BadRequest("query.format", "format", "format must be ids, exact or canonical");
    };
  }

  /** A copy of the statement in this format; {@code languages} in order of preference (Accept-Language). */
  public JsonObject apply(JsonObject statement, List<String> languages) {
    return switch (this) {
      case EXACT -> statement;
      case IDS -> ids(statement.copy());
      case CANONICAL -> canonical(statement.copy(), languages);
    };
  }

  private static JsonObject ids(JsonObject statement) {
    replace(statement, "actor", StatementFormat::actorIds);
    replace(statement, "authority", StatementFormat::actorIds);
    replace(statement, "verb", verb -> new JsonObject().put("id", verb.getValue("id")));
    replace(statement, "object", StatementFormat::objectIds);
    JsonObject context = statement.getJsonObject("context");
    if (context != null) {
      replace(context, "instructor", StatementFormat::actorIds);
      replace(context, "team", StatementFormat::actorIds);
      JsonObject activities = context.getJsonObject("contextActivities");
      if (activities != null) {
        for (String kind : activities.fieldNames()) {
          if (activities.getValue(kind) instanceof JsonArray list) {
            JsonArray reduced = new JsonArray();
            list.forEach(a -> reduced.add(objectIds((JsonObject) a)));
            activities.put(kind, reduced);
          }
        }
      }
    }
    return statement;
  }

  private static JsonObject objectIds(JsonObject object) {
    String type = object.getString("objectType", "Activity");
    return switch (type) {
      case "Agent", "Group" -> actorIds(object);
      case "SubStatement" -> ids(object);
      case "StatementRef" -> object;
      default -> new JsonObject().put("id", object.getValue("id"));
    };
  }

  private static JsonObject actorIds(JsonObject actor) {
    JsonObject reduced = new JsonObject();
    if (actor.containsKey("objectType")) {
      reduced.put("objectType", actor.getValue("objectType"));
    }
    boolean identified = false;
    for (String identifier : Actors.IDENTIFIER_PROPERTIES) {
      if (actor.containsKey(identifier)) {
        reduced.put(identifier, actor.getValue(identifier));
        identified = true;
      }
    }
    if (!identified && actor.getValue("member") instanceof JsonArray members) {
      JsonArray reducedMembers = new JsonArray();
      members.forEach(m -> reducedMembers.add(actorIds((JsonObject) m)));
      reduced.put("member", reducedMembers);
    }
    return reduced;
  }

  private static JsonObject canonical(JsonObject statement, List<String> languages) {
    reduceLanguageMaps(statement, languages);
    return statement;
  }

  /** Every language map in the document (verb display, activity name/description, ...) reduced to one entry. */
  private static void reduceLanguageMaps(Object node, List<String> languages) {
    if (node instanceof JsonObject object) {
      for (String key : new ArrayList<>(object.fieldNames())) {
        Object value = object.getValue(key);
        if (isLanguageMapKey(key) && value instanceof JsonObject map) {
          object.put(key, pick(map, languages));
        } else if (!key.equals("extensions")) {
          reduceLanguageMaps(value, languages);
        }
      }
    } else if (node instanceof JsonArray array) {
      array.forEach(item -> reduceLanguageMaps(item, languages));
    }
  }

  private static boolean isLanguageMapKey(String key) {
    return key.equals("display") || key.equals("name") || key.equals("description");
  }

  private static JsonObject pick(JsonObject map, List<String> languages) {
    if (map.isEmpty() || map.getMap().values().stream().anyMatch(v -> !(v instanceof String))) {
      return map; // not a language map (e.g. an agent's name is a string, handled above)
    }
    for (String wanted : languages) {
      for (Map.Entry<String, Object> entry : map) {
        String tag = entry.getKey().toLowerCase(Locale.ROOT);
        String want = wanted.toLowerCase(Locale.ROOT);
        if (want.equals("*") || tag.equals(want) || tag.startsWith(want + "-")) {
          return new JsonObject().put(entry.getKey(), entry.getValue());
        }
      }
    }
    Map.Entry<String, Object> first = map.iterator().next();
    return new JsonObject().put(first.getKey(), first.getValue());
  }

  /** The languages of an Accept-Language header, best first ("en-GB,en;q=0.8" → [en-GB, en]). */
  public static List<String> languages(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return List.of();
    }
    record Weighted(String tag, double q, int order) {}
    List<Weighted> weighted = new ArrayList<>();
    String[] parts = acceptLanguage.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] pieces = parts[i].trim().split(";");
      double q = 1.0;
      for (int j = 1; j < pieces.length; j++) {
        String parameter = pieces[j].trim();
        if (parameter.startsWith("q=")) {
          try {
            q = Double.parseDouble(parameter.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (!pieces[0].isBlank() && q > 0) {
        weighted.add(new Weighted(pieces[0].trim(), q, i));
      }
    }
    weighted.sort(Comparator.comparingDouble((Weighted w) -> -w.q()).thenComparingInt(Weighted::order));
    return weighted.stream().map(Weighted::tag).toList();
  }

  private static void replace(JsonObject parent, String key, java.util.function.UnaryOperator<JsonObject> f) {
    if (parent.getValue(key) instanceof JsonObject value) {
      parent.put(key, f.apply(value));
    }
  }
}
