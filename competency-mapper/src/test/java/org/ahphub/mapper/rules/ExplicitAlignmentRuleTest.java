package org.ahphub.mapper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExplicitAlignmentRuleTest {

  private static final Framework FRAMEWORK = Framework.load();
  private static final String COMPETENCIES = FRAMEWORK.iri() + "/competencies/";
  private final ExplicitAlignmentRule rule = new ExplicitAlignmentRule(FRAMEWORK);

  private static JsonObject statement(String verb, String categoryId) {
    return new JsonObject()
        .put("id", "2f7c1f0e-5d4f-4b7a-9f0e-1c2d3e4f5a6b")
        .put("actor", new JsonObject().put("mbox", "mailto:sam@example.nhs.uk"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/" + verb))
        .put("object", new JsonObject().put("id", "https://learning.example.org/course/42"))
        .put("context", new JsonObject().put("contextActivities",
            new JsonObject().put("category", new io.vertx.core.json.JsonArray().add(new JsonObject().put("id", categoryId)))))
        .put("timestamp", "2026-10-01T09:00:00Z");
  }

  @Test
  @DisplayName("completed with a competency IRI in category credits that competency at the entry stage")
  void completedCreditsEntryStage() {
    List<Credit> credits = rule.credits(statement("completed", COMPETENCIES + "5.6"));
    Instant at = Instant.parse("2026-10-01T09:00:00Z");
    assertThat(credits).containsExactly(new Credit("5.6", Stage.ENTRY, ExplicitAlignmentRule.ID,
        ExplicitAlignmentRule.VERSION, "learning", at, "completed", 0.9, at, null));
  }

  @Test
  @DisplayName("passed with a competency x stage IRI credits exactly that stage")
  void stageIriCreditsThatStage() {
    assertThat(rule.credits(statement("passed", COMPETENCIES + "5.5/intermediate")))
        .extracting(Credit::competencyNumber, Credit::stage)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("5.5", Stage.INTERMEDIATE));
  }

  @Test
  @DisplayName("a competency with one indicator for all stages is credited at every stage")
  void spanningCompetencyCreditsAllStages() {
    assertThat(rule.credits(statement("completed", COMPETENCIES + "5.1")))
        .extracting(Credit::stage)
        .containsExactly(Stage.ENTRY, Stage.INTERMEDIATE, Stage.ASSISTANT_PRACTITIONER);
  }

  @Test
  @DisplayName("failed, attempted and result.success=false never credit")
  void nonCreditingOutcomes() {
    assertThat(rule.credits(statement("failed", COMPETENCIES + "5.6"))).isEmpty();
    assertThat(rule.credits(statement("attempted", COMPETENCIES + "5.6"))).isEmpty();
    JsonObject unsuccessful = statement("completed", COMPETENCIES + "5.6")
        .put("result", new JsonObject().put("success", false));
    assertThat(rule.credits(unsuccessful)).isEmpty();
  }

  @Test
  @DisplayName("activities that are not framework competencies credit nothing")
  void unknownActivities() {
    assertThat(rule.credits(statement("completed", "https://example.org/some/category"))).isEmpty();
    assertThat(rule.credits(statement("completed", COMPETENCIES + "9.9"))).isEmpty();
    JsonObject noContext = statement("completed", COMPETENCIES + "5.6");
    noContext.remove("context");
    assertThat(rule.credits(noContext)).isEmpty();
  }
}
