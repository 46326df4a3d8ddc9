package org.ahphub.mapper.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Read-only accessors over a stored xAPI statement, as the crediting rules need them. What every rule
 * asks for (the aligned activities, the achievement time, whether it is cmi5) is worked out once per
 * statement, not once per rule. Not thread-safe: one view per statement and thread.
 */
public final class StatementView {

  public static final String CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";

  private final JsonObject statement;
  private Set<String> aligned;
  private Instant achievedAt;
  private Boolean cmi5;

  public StatementView(JsonObject statement) {
    this.statement = statement;
  }

  public JsonObject json() {
    return statement;
  }

  public String verbId() {
    JsonObject verb = statement.getJsonObject("verb");
    return verb == null ? null : verb.getString("id");
  }

  /** {@code result.success}, or null when absent. */
  public Boolean success() {
    JsonObject result = statement.getJsonObject("result");
    return result == null || !(result.getValue("success") instanceof Boolean b) ? null : b;
  }

  /** {@code result.score.scaled}, or null when absent. */
  public Double scaledScore() {
    JsonObject result = statement.getJsonObject("result");
    JsonObject score = result == null ? null : result.getJsonObject("score");
    return score == null || !(score.getValue("scaled") instanceof Number n) ? null : n.doubleValue();
  }

  public JsonObject resultExtensions() {
    JsonObject result = statement.getJsonObject("result");
    return result == null ? null : result.getJsonObject("extensions");
  }

  /**
   * When the achievement happened: {@code timestamp}, else {@code stored}.
   *
   * @throws IllegalArgumentException when neither is a readable date-time
   */
  public Instant achievedAt() {
    if (achievedAt == null) {
      achievedAt = parseAchievedAt();
    }
    return achievedAt;
  }

  private Instant parseAchievedAt() {
    String timestamp = statement.getString("timestamp", statement.getString("stored"));
    if (timestamp == null) {
      throw new IllegalArgumentException("statement has neither timestamp nor stored");
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("statement timestamp is not an ISO 8601 date-time: " + timestamp);
    }
  }

  /** The object's id when the object is an Activity. */
  public String objectActivityId() {
    JsonObject object = statement.getJsonObject("object");
    if (object == null) {
      return null;
    }
    String type = object.getString("objectType", "Activity");
    return "Activity".equals(type) ? object.getString("id") : null;
  }

  /** {@code result.completion}, or null when absent. */
  public Boolean completion() {
    JsonObject result = statement.getValue("result") instanceof JsonObject r ? r : null;
    return result == null || !(result.getValue("completion") instanceof Boolean b) ? null : b;
  }

  /**
   * The object activity's name in words: its {@code definition.name} in British English, else English, else the
   * first language given; null when it has none.
   */
  public String objectActivityName() {
    JsonObject object = statement.getValue("object") instanceof JsonObject o ? o : null;
    if (object == null || objectActivityId() == null) {
      return null;
    }
    JsonObject definition = object.getValue("definition") instanceof JsonObject d ? d : null;
    JsonObject names = definition != null && definition.getValue("name") instanceof JsonObject n ? n : null;
    if (names == null || names.isEmpty()) {
      return null;
    }
    for (String language : List.of("en-GB", "en", "en-US")) {
      if (names.getValue(language) instanceof String name && !name.isBlank()) {
        return name.strip();
      }
    }
    return names.stream().map(java.util.Map.Entry::getValue).filter(v -> v instanceof String text && !text.isBlank())
        .map(v -> ((String) v).strip()).findFirst().orElse(null);
  }

  /** The object activity's {@code definition.type}; null when the object is no activity or has none. */
  public String objectActivityType() {
    JsonObject object = statement.getValue("object") instanceof JsonObject o ? o : null;
    if (object == null || objectActivityId() == null) {
      return null;
    }
    JsonObject definition = object.getValue("definition") instanceof JsonObject d ? d : null;
    return definition != null && definition.getValue("type") instanceof String type ? type : null;
  }

  /** Whether {@code context.instructor} names someone (an Agent or Group object). */
  public boolean namesInstructor() {
    JsonObject context = statement.getValue("context") instanceof JsonObject c ? c : null;
    return context != null && context.getValue("instructor") instanceof JsonObject instructor && !instructor.isEmpty();
  }

  /** {@code context.platform}: the e-learning platform or provider the statement names; null when absent. */
  public String platform() {
    JsonObject context = statement.getValue("context") instanceof JsonObject c ? c : null;
    return context != null && context.getValue("platform") instanceof String platform && !platform.isBlank()
        ? platform.strip() : null;
  }

  /** Activity ids of {@code context.contextActivities.<relation>} (parent, grouping, category, other). */
  public List<String> contextActivityIds(String relation) {
    JsonObject context = statement.getJsonObject("context");
    JsonObject activities = context == null ? null : context.getJsonObject("contextActivities");
    Object value = activities == null ? null : activities.getValue(relation);
    List<String> ids = new ArrayList<>();
    if (value instanceof JsonObject single) {
      addId(ids, single);
    } else if (value instanceof JsonArray list) {
      for (Object item : list) {
        if (item instanceof JsonObject activity) {
          addId(ids, activity);
        }
      }
    }
    return ids;
  }

  private static void addId(List<String> ids, JsonObject activity) {
    if (activity.getValue("id") instanceof String id) {
      ids.add(id);
    }
  }

  /** The object and the parent, grouping and category activities, in that order, without repeats. */
  public Set<String> alignedActivityIds() {
    if (aligned == null) {
      Set<String> ids = new LinkedHashSet<>();
      String object = objectActivityId();
      if (object != null) {
        ids.add(object);
      }
      ids.addAll(contextActivityIds("parent"));
      ids.addAll(contextActivityIds("grouping"));
      ids.addAll(contextActivityIds("category"));
      aligned = Collections.unmodifiableSet(ids);
    }
    return aligned;
  }

  public boolean isCmi5() {
    if (cmi5 == null) {
      cmi5 = contextActivityIds("category").contains(CMI5_CATEGORY);
    }
    return cmi5;
  }

  public Object contextExtension(String key) {
    JsonObject context = statement.getJsonObject("context");
    JsonObject extensions = context == null ? null : context.getJsonObject("extensions");
    return extensions == null ? null : extensions.getValue(key);
  }

  public String contextExtensionString(String key) {
    return contextExtension(key) instanceof String s ? s : null;
  }

  public Double contextExtensionNumber(String key) {
    return contextExtension(key) instanceof Number n ? n.doubleValue() : null;
  }
}
