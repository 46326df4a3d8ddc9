package org.ahphub.xapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Whether a statement re-sent with an existing id is the same statement (xAPI: the LRS accepts it
 * again and stores nothing) or a conflicting one (409).
 *
 * <p>xAPI Data 2.3.1 "Statement Immutability" and "Statement Comparison Requirements": differences
 * that the immutability exceptions allow are ignored. These are the properties the LRS assigns
 * ({@code id}, {@code authority}, {@code stored}, {@code version}, and {@code timestamp} when the
 * statement was sent without one), the definitions of the activities a statement refers to (they
 * belong to the activity, not to the statement), the verb's {@code display}, and how a value is
 * serialised (the case of a UUID, the time zone of a timestamp).
 */
public final class StatementComparison {

  private StatementComparison() {}

  /**
   * @param stored the statement as the LRS stored it
   * @param submitted the statement as sent again (before the LRS completed it)
   */
  public static boolean sameStatement(JsonObject stored, JsonObject submitted) {
    JsonObject left = comparable(stored);
    JsonObject right = comparable(submitted);
    if (!submitted.containsKey("timestamp")) {
      left.remove("timestamp");
    }
    return left.equals(right);
  }

  /** The statement without what is not part of it, with values in one representation. */
  static JsonObject comparable(JsonObject statement) {
    JsonObject copy = statement.copy();
    copy.remove("id");
    copy.remove("stored");
    copy.remove("authority");
    copy.remove("version");
    normaliseStatement(copy);
    return copy;
  }

  /** Also used for a SubStatement, which has the same shape without the LRS-assigned properties. */
  private static void normaliseStatement(JsonObject statement) {
    if (statement.getValue("timestamp") instanceof String timestamp) {
      statement.put("timestamp", instant(timestamp));
    }
    if (statement.getValue("verb") instanceof JsonObject verb) {
      verb.remove("display");
    }
    if (statement.getValue("object") instanceof JsonObject object) {
      String type = object.getValue("objectType") instanceof String t ? t : "Activity";
      switch (type) {
        case "Activity" -> object.remove("definition");
        case "StatementRef" -> lowerCase(object, "id");
        case "SubStatement" -> normaliseStatement(object);
        default -> { }
      }
    }
    if (statement.getValue("context") instanceof JsonObject context) {
      lowerCase(context, "registration");
      if (context.getValue("statement") instanceof JsonObject ref) {
        lowerCase(ref, "id");
      }
      if (context.getValue("contextActivities") instanceof JsonObject activities) {
        for (String kind : activities.fieldNames()) {
          Object value = activities.getValue(kind);
          if (value instanceof JsonObject single) {
            activities.put(kind, new JsonArray().add(single));
          }
          if (activities.getValue(kind) instanceof JsonArray list) {
            list.forEach(activity -> {
              if (activity instanceof JsonObject a) {
                a.remove("definition");
              }
            });
          }
        }
      }
    }
  }

  private static void lowerCase(JsonObject object, String key) {
    if (object.getValue(key) instanceof String value) {
      object.put(key, value.toLowerCase(Locale.ROOT));
    }
  }

  /** A timestamp as its instant, so the same moment in another time zone compares equal. */
  private static String instant(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp).toInstant().toString();
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }
}
