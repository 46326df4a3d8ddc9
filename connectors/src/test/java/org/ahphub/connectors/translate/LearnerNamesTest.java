package org.ahphub.connectors.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import org.ahphub.connectors.apprenticeship.ApprenticeshipTranslator;
import org.ahphub.connectors.elfh.CourseSubjects;
import org.ahphub.connectors.elfh.ElfhTranslator;
import org.ahphub.connectors.input.Field;
import org.ahphub.connectors.input.Row;
import org.ahphub.connectors.local.LocalTrainingTranslator;
import org.ahphub.connectors.local.SessionMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sources' name columns become the actor's name: the hub's display name for the person, with its source. */
class LearnerNamesTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  @Test
  @DisplayName("a full-name column wins; else given and family names are joined; control characters and spaces are tidied; none gives no name")
  void nameFromColumns() {
    assertThat(LearnerNames.of(Row.ofValues(1, Map.of("learnerName", " Ann  Example ", "givenNames", "X"))))
        .isEqualTo("Ann Example");
    assertThat(LearnerNames.of(Row.ofValues(1, Map.of("givenNames", "Ann", "familyName", "Example"))))
        .isEqualTo("Ann Example");
    assertThat(LearnerNames.of(Row.ofValues(1, Map.of("familyName", "Example")))).isEqualTo("Example");
    assertThat(LearnerNames.of(Row.ofValues(1, Map.of("learnerName", "Ann\u0000\u202eExample")))).isEqualTo("Ann Example");
    assertThat(LearnerNames.of(Row.ofValues(1, Map.of("learnerName", "x".repeat(300))))).hasSize(LearnerNames.MAX_LENGTH);
    assertThat(LearnerNames.of(Row.ofValues(1, Map.of("courseId", "C1")))).isNull();
  }

  @Test
  @DisplayName("the usual headers of each source answer to the name columns")
  void headers() {
    assertThat(matches(LearnerNames.fields(), "Learner name")).isEqualTo(LearnerNames.FULL);
    assertThat(matches(LearnerNames.fields(), "Full Name")).isEqualTo(LearnerNames.FULL);
    assertThat(matches(LearnerNames.fields("name", "staff name"), "Staff name")).isEqualTo(LearnerNames.FULL);
    assertThat(matches(LearnerNames.fields(), "GivenNames")).isEqualTo(LearnerNames.GIVEN);
    assertThat(matches(LearnerNames.fields(), "Forename")).isEqualTo(LearnerNames.GIVEN);
    assertThat(matches(LearnerNames.fields(), "FamilyName")).isEqualTo(LearnerNames.FAMILY);
    assertThat(matches(LearnerNames.fields(), "Surname")).isEqualTo(LearnerNames.FAMILY);
  }

  private static String matches(Field[] fields, String header) {
    return Arrays.stream(fields).filter(f -> f.matches(header)).map(Field::name).findFirst().orElse(null);
  }

  @Test
  @DisplayName("e-LfH, local training and apprenticeship rows with a name give every statement's actor that name")
  void translatorsNameTheActor() throws Exception {
    ElfhTranslator elfh = new ElfhTranslator(ElfhTranslator.DEFAULT_ACTIVITY_BASE, CourseSubjects.defaults(), LONDON);
    Translation e = elfh.translate(Row.ofValues(1, Map.of("learnerId", "L1", "courseId", "C1",
        "completedAt", "2026-03-01", "learnerName", "Ann Example")));
    assertThat(e.statements()).isNotEmpty()
        .allSatisfy(s -> assertThat(s.getJsonObject("actor").getString("name")).isEqualTo("Ann Example"));
    Translation unnamed = elfh.translate(Row.ofValues(1, Map.of("learnerId", "L1", "courseId", "C1",
        "completedAt", "2026-03-01")));
    assertThat(unnamed.statements()).allSatisfy(s -> assertThat(s.getJsonObject("actor").containsKey("name")).isFalse());

    SessionMapping mapping = SessionMapping.load(new java.io.ByteArrayInputStream(
        "session_code,activity_iri,activity_name,competencies\nFS-1,https://trust.example.org/fs,Fire safety,https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/5.1\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)), "mapping.csv");
    LocalTrainingTranslator local = new LocalTrainingTranslator("https://trust.example.org", mapping, LONDON);
    Translation l = local.translate(Row.ofValues(1, Map.of("staffNumber", "E100", "sessionCode", "FS-1",
        "date", "2026-03-01", "outcome", "attended", "givenNames", "Bo", "familyName", "Lee")));
    assertThat(l.problems()).isEmpty();
    assertThat(l.statements()).isNotEmpty()
        .allSatisfy(s -> assertThat(s.getJsonObject("actor").getString("name")).isEqualTo("Bo Lee"));

    ApprenticeshipTranslator apprenticeship = new ApprenticeshipTranslator("https://provider.example.org", OutcomeHistory.none(), LONDON);
    Translation a = apprenticeship.translate(Row.ofValues(1, Map.of("uln", "1234567890", "progType", "25",
        "stdCode", "ST0216", "learnStartDate", "2025-09-01", "compStatus", "1", "givenNames", "Cy",
        "familyName", "Ng")));
    assertThat(a.problems()).isEmpty();
    assertThat(a.statements()).isNotEmpty().allSatisfy(s -> assertThat(s.getJsonObject("actor"))
        .isEqualTo(new JsonObject().put("objectType", "Agent").put("account", new JsonObject()
            .put("homePage", "https://provider.example.org").put("name", "1234567890")).put("name", "Cy Ng")));
  }
}
