package org.ahphub.mapper.rules;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import org.ahphub.xapi.Verbs;

/**
 * Whether a statement states an achievement that may credit, and how strongly. Shared by every rule,
 * so that {@code failed}, {@code result.success = false}, pass marks and cmi5 launch data are honoured
 * the same way everywhere.
 *
 * <ul>
 *   <li>{@code failed} and any statement with {@code result.success = false} never credit.
 *   <li>{@code passed}, {@code mastered} and cmi5 {@code satisfied} credit with confidence 1.0;
 *       {@code completed} with 0.9 (learning finished, nothing assessed); cmi5 {@code waived} with
 *       0.5 and basis {@code waived}.
 *   <li>A pass mark (catalogue entry, CSTF 0.8): when {@code result.success} is present it decides;
 *       otherwise a {@code result.score.scaled} below the mark does not credit. No score: completion counts.
 *   <li>cmi5 (statement in the cmi5 category): a {@code masteryscore} context extension is a pass mark;
 *       a {@code moveon} context extension decides which verb satisfies the AU: {@code Completed} and
 *       {@code CompletedOrPassed} accept completed, {@code Passed} and {@code CompletedOrPassed} accept
 *       passed, {@code NotApplicable} accepts both; {@code CompletedAndPassed} needs the LMS's
 *       {@code satisfied} statement.
 * </ul>
 */
public record Achievement(String basis, double confidence, boolean assessed) {

  public static final String CMI5_SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied";
  public static final String CMI5_WAIVED = "https://w3id.org/xapi/adl/verbs/waived";
  public static final String CMI5_MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  public static final String CMI5_MOVE_ON = "https://w3id.org/xapi/cmi5/context/extensions/moveon";

  private static final Set<String> COMPLETION_MOVE_ON = Set.of("Completed", "CompletedOrPassed", "NotApplicable");
  private static final Set<String> PASS_MOVE_ON = Set.of("Passed", "CompletedOrPassed", "NotApplicable");

  /** What the statement achieved, with an optional pass mark (0..1 on {@code score.scaled}); empty when nothing. */
  public static Optional<Achievement> of(StatementView statement, Double passMark) {
    String verb = statement.verbId();
    if (verb == null || Verbs.FAILED.equals(verb) || Boolean.FALSE.equals(statement.success())) {
      return Optional.empty();
    }
    boolean cmi5 = statement.isCmi5();
    String moveOn = cmi5 ? statement.contextExtensionString(CMI5_MOVE_ON) : null;
    Double mark = passMark;
    if (cmi5 && statement.contextExtensionNumber(CMI5_MASTERY_SCORE) != null) {
      mark = statement.contextExtensionNumber(CMI5_MASTERY_SCORE);
    }
    Achievement achievement;
    if (Verbs.PASSED.equals(verb)) {
      if (moveOn != null && !PASS_MOVE_ON.contains(moveOn)) {
        return Optional.empty();
      }
      achievement = new Achievement("passed", 1.0, true);
    } else if (Verbs.MASTERED.equals(verb)) {
      achievement = new Achievement("mastered", 1.0, true);
    } else if (Verbs.COMPLETED.equals(verb)) {
      if (moveOn != null && !COMPLETION_MOVE_ON.contains(moveOn)) {
        return Optional.empty();
      }
      achievement = new Achievement("completed", 0.9, false);
    } else if (cmi5 && CMI5_SATISFIED.equals(verb)) {
      return Optional.of(new Achievement("satisfied", 1.0, true));
    } else if (cmi5 && CMI5_WAIVED.equals(verb)) {
      return Optional.of(new Achievement("waived", 0.5, false));
    } else {
      return Optional.empty();
    }
    if (statement.success() == null && mark != null && statement.scaledScore() != null
        && statement.scaledScore() < mark) {
      return Optional.empty();
    }
    if (statement.success() == null && mark != null && statement.scaledScore() != null) {
      achievement = new Achievement(achievement.basis(), 1.0, true);
    }
    return Optional.of(achievement);
  }

  /** For rules that read the raw statement. */
  public static Optional<Achievement> of(JsonObject statement, Double passMark) {
    return of(new StatementView(statement), passMark);
  }
}
