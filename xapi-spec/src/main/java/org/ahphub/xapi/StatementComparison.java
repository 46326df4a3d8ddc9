package org.ahphub.xapi;

import io.vertx.core.json.JsonObject;

/**
 * Whether a statement re-sent with an existing id is the same statement (xAPI: the LRS may accept
 * it again) or a conflicting one (409). Properties the LRS sets itself are not compared.
 */
public final class StatementComparison {

  private StatementComparison() {}

  public static boolean sameStatement(JsonObject stored, JsonObject submitted) {
    JsonObject left = withoutLrsProperties(stored);
    JsonObject right = withoutLrsProperties(submitted);
    if (!submitted.containsKey("timestamp")) {
      left.remove("timestamp");
    }
    return left.equals(right);
  }

  private static JsonObject withoutLrsProperties(JsonObject statement) {
    JsonObject copy = statement.copy();
    copy.remove("stored");
    copy.remove("authority");
    copy.remove("version");
    return copy;
  }
}
