package org.ahphub.mapper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which statements are learning records, and which record practice assessed by someone (docs/crediting-rules.md). */
class LearningRecordsTest {

  private static final String VERBS = "http://adlnet.gov/expapi/verbs/";
  private static final String PERFORMANCE = "http://adlnet.gov/expapi/activities/performance";

  private static JsonObject statement(String verb) {
    return new JsonObject()
        .put("actor", new JsonObject().put("mbox", "mailto:sam@example.org"))
        .put("verb", new JsonObject().put("id", verb))
        .put("object", new JsonObject().put("id", "https://trust.example/sessions/hand-hygiene"))
        .put("timestamp", "2026-02-19T14:00:00Z");
  }

  private static StatementView view(JsonObject statement) {
    return new StatementView(statement);
  }

  private static JsonObject judged(JsonObject statement, boolean success) {
    return statement.put("result", new JsonObject().put("success", success).put("completion", true));
  }

  private static JsonObject withInstructor(JsonObject statement) {
    return statement.put("context", new JsonObject().put("instructor", new JsonObject().put("objectType", "Agent")
        .put("account", new JsonObject().put("homePage", "https://trust.example").put("name", "200145"))));
  }

  private static JsonObject ofType(JsonObject statement, String type) {
    statement.getJsonObject("object").put("definition", new JsonObject().put("type", type));
    return statement;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {VERBS + "completed", VERBS + "passed", VERBS + "failed", VERBS + "attended",
      VERBS + "mastered", "https://w3id.org/xapi/adl/verbs/satisfied"})
  @DisplayName("completed, passed, failed, attended, mastered and cmi5 satisfied are learning")
  void learningVerbs(String verb) {
    assertThat(LearningRecords.learningVerb(view(statement(verb))))
        .contains(verb.substring(verb.lastIndexOf('/') + 1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {VERBS + "experienced", VERBS + "launched", VERBS + "initialized", VERBS + "progressed",
      VERBS + "answered", VERBS + "registered", VERBS + "suspended", VERBS + "terminated", VERBS + "attempted",
      VERBS + "voided", "https://w3id.org/xapi/adl/verbs/waived"})
  @DisplayName("opening, starting, answering, enrolling, ending, waiving or voiding something is not learning")
  void notLearningVerbs(String verb) {
    assertThat(LearningRecords.learningVerb(view(statement(verb)))).isEmpty();
  }

  @Test
  @DisplayName("a judged outcome with an assessor named is assessed practice, whether competent or not yet")
  void assessorNamed() {
    StatementView competent = view(withInstructor(judged(statement(VERBS + "passed"), true)));
    StatementView notYet = view(withInstructor(judged(statement(VERBS + "failed"), false)));
    assertThat(LearningRecords.kind(competent)).isEqualTo(LearningRecords.ASSESSED_PRACTICE);
    assertThat(LearningRecords.kind(notYet)).isEqualTo(LearningRecords.ASSESSED_PRACTICE);
    assertThat(LearningRecords.assessorRole(notYet)).as("the role only, never who").isEqualTo("Assessor");
  }

  @Test
  @DisplayName("a judged outcome of a task performed (ADL performance) is assessed practice, with no assessor named")
  void performance() {
    StatementView performed = view(ofType(judged(statement(VERBS + "passed"), true), PERFORMANCE));
    assertThat(LearningRecords.kind(performed)).isEqualTo(LearningRecords.ASSESSED_PRACTICE);
    assertThat(LearningRecords.assessorRole(performed)).isNull();
  }

  @Test
  @DisplayName("without a judged outcome (result.success) nothing is assessed practice, even with an assessor")
  void noOutcome() {
    assertThat(LearningRecords.kind(view(withInstructor(statement(VERBS + "attended")))))
        .isEqualTo(LearningRecords.LEARNING);
    assertThat(LearningRecords.kind(view(ofType(statement(VERBS + "completed"), PERFORMANCE))))
        .isEqualTo(LearningRecords.LEARNING);
    assertThat(LearningRecords.assessorRole(view(withInstructor(statement(VERBS + "attended"))))).isNull();
  }

  @Test
  @DisplayName("an e-learning quiz (ADL assessment type) passed is learning, not assessed practice")
  void quiz() {
    StatementView quiz = view(ofType(judged(statement(VERBS + "passed"), true),
        "http://adlnet.gov/expapi/activities/assessment"));
    assertThat(LearningRecords.kind(quiz)).isEqualTo(LearningRecords.LEARNING);
  }

  @Test
  @DisplayName("evidence is assessed practice when its statement was; otherwise its rule's kind stands")
  void evidenceKind() {
    assertThat(LearningRecords.evidenceKind(Credit.LEARNING, LearningRecords.ASSESSED_PRACTICE))
        .isEqualTo(LearningRecords.ASSESSED_PRACTICE);
    assertThat(LearningRecords.evidenceKind(Credit.ASSESSED_PRACTICE, null)).isEqualTo(LearningRecords.ASSESSED_PRACTICE);
    assertThat(LearningRecords.evidenceKind(Credit.QUALIFICATION, LearningRecords.LEARNING))
        .isEqualTo(Credit.QUALIFICATION);
    assertThat(LearningRecords.evidenceKind(Credit.QUALIFICATION, LearningRecords.ASSESSED_PRACTICE))
        .isEqualTo(LearningRecords.ASSESSED_PRACTICE);
    assertThat(LearningRecords.evidenceKind(Credit.LEARNING, null)).isEqualTo(LearningRecords.LEARNING);
  }
}
