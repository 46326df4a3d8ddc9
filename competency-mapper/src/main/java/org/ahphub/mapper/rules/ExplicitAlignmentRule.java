package org.ahphub.mapper.rules;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;

/**
 * Rule "explicit-alignment", version 2: a statement that states an {@link Achievement} (completed,
 * passed, mastered; cmi5 satisfied or waived) credits every framework competency whose IRI (or
 * competency × stage IRI) is the object or a {@code parent}, {@code grouping} or {@code category}
 * context activity. A bare competency IRI evidences all three stages when the framework gives one
 * indicator for all of them, otherwise the entry stage. Credits do not expire. Version 1 read only
 * {@code category} and only completed/passed.
 */
public final class ExplicitAlignmentRule implements CreditingRule {

  public static final String ID = "explicit-alignment";
  public static final int VERSION = 2;

  private final Framework framework;

  public ExplicitAlignmentRule(Framework framework) {
    this.framework = framework;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int version() {
    return VERSION;
  }

  /** Convenience for callers with only a statement. */
  public List<Credit> credits(JsonObject statement) {
    return credits(new StatementView(statement), new ReferenceData(framework, null, Map.of()));
  }

  @Override
  public List<Credit> credits(StatementView statement, ReferenceData reference) {
    return Achievement.of(statement, null).map(achievement -> {
      Instant achievedAt = statement.achievedAt();
      Set<Credit> credits = new LinkedHashSet<>();
      for (String activityId : statement.alignedActivityIds()) {
        if (framework.resolve(activityId).isEmpty()) {
          continue;
        }
        String number = framework.resolve(activityId).get().competency().number();
        for (Stage stage : framework.stagesEvidencedBy(activityId)) {
          credits.add(new Credit(number, stage, ID, VERSION, Credit.LEARNING, achievedAt, achievement.basis(),
              achievement.confidence(), achievedAt, null));
        }
      }
      return (List<Credit>) new ArrayList<>(credits);
    }).orElse(List.of());
  }
}
