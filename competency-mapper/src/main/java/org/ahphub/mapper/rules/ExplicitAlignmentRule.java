package org.ahphub.mapper.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.xapi.Verbs;

/**
 * Rule "explicit-alignment", version 1: a {@code completed} or {@code passed} statement credits every
 * framework competency whose IRI (or competency x stage IRI) appears as an activity in
 * {@code context.contextActivities.category}. A bare competency IRI evidences all three stages when
 * the framework gives one indicator for all of them, otherwise the entry stage.
 * {@code result.success = false} never credits.
 */
public final class ExplicitAlignmentRule {

  public static final String ID = "explicit-alignment";
  public static final int VERSION = 1;
  private static final Set<String> CREDITING_VERBS = Set.of(Verbs.COMPLETED, Verbs.PASSED);

  private final Framework framework;

  public ExplicitAlignmentRule(Framework framework) {
    this.framework = framework;
  }

  public List<Credit> credits(JsonObject statement) {
    JsonObject verb = statement.getJsonObject("verb");
    if (verb == null || !CREDITING_VERBS.contains(verb.getString("id")) || failed(statement)) {
      return List.of();
    }
    Instant achievedAt = achievedAt(statement);
    Set<Credit> credits = new LinkedHashSet<>();
    for (String activityId : categoryActivityIds(statement)) {
      framework.resolve(activityId).ifPresent(resolved -> {
        for (Stage stage : framework.stagesEvidencedBy(activityId)) {
          credits.add(new Credit(resolved.competency().number(), stage, ID, VERSION, "learning", achievedAt));
        }
      });
    }
    return new ArrayList<>(credits);
  }

  private static boolean failed(JsonObject statement) {
    JsonObject result = statement.getJsonObject("result");
    return result != null && Boolean.FALSE.equals(result.getBoolean("success"));
  }

  private static Instant achievedAt(JsonObject statement) {
    String timestamp = statement.getString("timestamp", statement.getString("stored"));
    return timestamp == null ? Instant.EPOCH : OffsetDateTime.parse(timestamp).toInstant();
  }

  private static List<String> categoryActivityIds(JsonObject statement) {
    JsonObject context = statement.getJsonObject("context");
    JsonObject activities = context == null ? null : context.getJsonObject("contextActivities");
    Object category = activities == null ? null : activities.getValue("category");
    List<String> ids = new ArrayList<>();
    if (category instanceof JsonObject single) {
      ids.add(single.getString("id"));
    } else if (category instanceof JsonArray list) {
      for (int i = 0; i < list.size(); i++) {
        ids.add(list.getJsonObject(i).getString("id"));
      }
    }
    return ids;
  }
}
