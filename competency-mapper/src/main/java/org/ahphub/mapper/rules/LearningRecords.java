package org.ahphub.mapper.rules;

import java.util.Map;
import java.util.Optional;
import org.ahphub.xapi.ActivityTypes;
import org.ahphub.xapi.Verbs;

/**
 * Which statements are learning a person did, and which of those are practice assessed by someone: the rule
 * the passport's {@code learning} list and every item's {@code kind} follow (docs/crediting-rules.md, "Learning
 * and assessments"). Pure: the statement alone decides.
 *
 * <ul>
 *   <li><b>Learning record:</b> a statement whose verb says learning happened or was judged: ADL
 *       {@code completed}, {@code passed}, {@code failed}, {@code attended}, {@code mastered} and cmi5
 *       {@code satisfied}. Not {@code experienced}, {@code launched}, {@code initialized}, {@code progressed},
 *       {@code answered}, {@code registered}, {@code suspended}, {@code terminated}, {@code waived} or
 *       {@code voided}: those say that something was opened, begun, ended or administered, not learnt.
 *   <li><b>Assessed practice</b> ({@value #ASSESSED_PRACTICE}): a statement that carries a judged outcome
 *       ({@code result.success} true or false) and says it was judged in practice: it names an assessor
 *       ({@code context.instructor}), or its object activity is a task performed in its setting (type
 *       {@value ActivityTypes#PERFORMANCE}). An e-learning quiz (type {@value ActivityTypes#ASSESSMENT}) alone is
 *       not. Everything else is {@value #LEARNING}.
 * </ul>
 */
public final class LearningRecords {

  /** The evidence vocabulary the crediting rules and the catalogue already speak ({@link Credit#kind}). */
  public static final String LEARNING = Credit.LEARNING;
  public static final String ASSESSED_PRACTICE = Credit.ASSESSED_PRACTICE;
  /** The only thing the passport says about who assessed: their role, never who they are. */
  public static final String ASSESSOR = "Assessor";

  private static final Map<String, String> VERBS = Map.of(
      Verbs.COMPLETED, "completed", Verbs.PASSED, "passed", Verbs.FAILED, "failed", Verbs.ATTENDED, "attended",
      Verbs.MASTERED, "mastered", Verbs.SATISFIED, "satisfied");

  private LearningRecords() {}

  /** The learning verb in one word ({@code completed}, {@code attended}…); empty when the verb is not learning. */
  public static Optional<String> learningVerb(StatementView statement) {
    return Optional.ofNullable(VERBS.get(statement.verbId()));
  }

  /** True when the statement records practice assessed by someone (the rule above). */
  public static boolean assessedPractice(StatementView statement) {
    if (statement.success() == null) {
      return false;
    }
    return statement.namesInstructor() || ActivityTypes.PERFORMANCE.equals(statement.objectActivityType());
  }

  /** {@value #ASSESSED_PRACTICE} or {@value #LEARNING}. */
  public static String kind(StatementView statement) {
    return assessedPractice(statement) ? ASSESSED_PRACTICE : LEARNING;
  }

  /** {@value #ASSESSOR} when an assessment names its assessor; null otherwise (no one named, or not assessed). */
  public static String assessorRole(StatementView statement) {
    return assessedPractice(statement) && statement.namesInstructor() ? ASSESSOR : null;
  }

  /**
   * The kind of a piece of evidence: {@value #ASSESSED_PRACTICE} when its statement records assessed practice;
   * otherwise what its crediting rule says ({@code learning}, {@code assessed-practice} for a catalogue activity
   * registered so or a Care Certificate standard, {@code qualification}).
   *
   * @param statementKind the statement's kind, or null when it was not recorded (evidence credited before V63)
   */
  public static String evidenceKind(String creditKind, String statementKind) {
    return ASSESSED_PRACTICE.equals(statementKind) ? ASSESSED_PRACTICE : creditKind;
  }
}
