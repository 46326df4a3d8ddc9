package org.ahphub.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.ahphub.connectors.input.InputException;
import org.ahphub.connectors.pipeline.ImportSummary;
import org.ahphub.connectors.pipeline.Reject;
import org.ahphub.connectors.state.FileCheckpointStore;
import org.ahphub.connectors.testing.RecordingLrs;
import org.ahphub.connectors.testing.Samples;
import org.ahphub.connectors.testing.TestImports;
import org.ahphub.xapi.StatementValidator;
import org.ahphub.xapi.XapiVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalTrainingTranslatorTest {

  private static final String TRUST = "https://www.example-trust.nhs.uk";
  private static final String FW = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/";

  @TempDir
  Path state;

  private static SessionMapping mapping(String name) throws IOException, InputException {
    try (InputStream in = Files.newInputStream(Samples.path(name))) {
      return SessionMapping.load(in, name);
    }
  }

  private RecordingLrs importWith(String mappingFile, Samples.Rejects rejects) throws Exception {
    // A state directory per run: the checkpoint would (rightly) skip a file already imported.
    Path runState = Files.createTempDirectory(state, "run");
    RecordingLrs lrs = new RecordingLrs();
    LocalTrainingTranslator translator = new LocalTrainingTranslator(TRUST, mapping(mappingFile), ZoneId.of("Europe/London"));
    ImportSummary summary = TestImports.run(translator, null, lrs, new FileCheckpointStore(runState),
        Samples.path("local-training.csv"), rejects, 500);
    assertThat(summary.rowsRead()).isEqualTo(6);
    return lrs;
  }

  @ParameterizedTest(name = "mapping {0}")
  @ValueSource(strings = {"local-mapping.csv", "local-mapping.json"})
  @DisplayName("attended, competent and not yet competent become attended, passed and failed, on the mapped activity")
  void outcomes(String mappingFile) throws Exception {
    Samples.Rejects rejects = new Samples.Rejects();
    RecordingLrs lrs = importWith(mappingFile, rejects);
    assertThat(lrs.all()).extracting(s -> s.getJsonObject("verb").getString("id")).containsExactly(
        "http://adlnet.gov/expapi/verbs/attended", "http://adlnet.gov/expapi/verbs/passed",
        "http://adlnet.gov/expapi/verbs/failed", "http://adlnet.gov/expapi/verbs/passed");

    JsonObject attended = lrs.all().get(0);
    assertThat(attended.getJsonObject("actor")).isEqualTo(new JsonObject().put("objectType", "Agent")
        .put("account", new JsonObject().put("homePage", TRUST).put("name", "100234")));
    assertThat(attended.containsKey("result")).isFalse();
    assertThat(attended.getJsonObject("object").getString("id"))
        .isEqualTo("https://learning.example-trust.nhs.uk/catalogue/dysphagia-awareness");
    assertThat(attended.getString("timestamp")).isEqualTo("2024-02-12T00:00:00.000Z");

    JsonObject competent = lrs.all().get(1);
    assertThat(competent.getJsonObject("result")).isEqualTo(new JsonObject().put("success", true).put("completion", true));
    assertThat(competent.getJsonObject("context").getJsonObject("instructor")).isEqualTo(new JsonObject()
        .put("objectType", "Agent").put("account", new JsonObject().put("homePage", TRUST).put("name", "200145")));
    assertThat(competent.getJsonObject("context").getJsonObject("contextActivities").getJsonArray("category"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("objectType", "Activity").put("id", FW + "5.6/entry")));
    assertThat(competent.getString("timestamp")).isEqualTo("2024-02-19T14:00:00.000Z");

    JsonObject notYet = lrs.all().get(2);
    assertThat(notYet.getJsonObject("result").getBoolean("success")).isFalse();
    assertThat(notYet.getJsonObject("context").getJsonObject("contextActivities").getJsonArray("category"))
        .extracting(o -> ((JsonObject) o).getString("id"))
        .containsExactly(FW + "5.1/intermediate", FW + "5.3/intermediate");

    assertThat(lrs.all()).allSatisfy(s -> assertThat(StatementValidator.validate(s, XapiVersion.V1_0_3)).isEmpty());
    assertThat(rejects.all).extracting(Reject::line, Reject::column, Reject::field, Reject::reason).containsExactly(
        tuple(5L, 2, "sessionCode", "session code 'UNKNOWN-99' is not in the mapping file"),
        tuple(6L, 5, "outcome", "outcome 'Maybe' is not attended, competent/assessed or not yet competent"));
  }

  @Test
  @DisplayName("a competence judged without an assessor named is marked a task performed (ADL performance), so the "
      + "mapper lists it as assessed practice; with an assessor, or attended, the activity has no type")
  void assessedPracticeWithoutAssessor() throws Exception {
    LocalTrainingTranslator translator = new LocalTrainingTranslator(TRUST, mapping("local-mapping.csv"),
        ZoneId.of("Europe/London"));
    java.util.function.BiFunction<String, String, JsonObject> row = (assessor, outcome) -> {
      java.util.Map<String, String> values = new java.util.HashMap<>(java.util.Map.of("staffNumber", "100999",
          "sessionCode", "IPC-HH-01", "date", "2024-03-01", "outcome", outcome));
      if (assessor != null) {
        values.put("assessor", assessor);
      }
      return translator.translate(org.ahphub.connectors.input.Row.ofValues(1, values)).statements().get(0);
    };
    String performance = "http://adlnet.gov/expapi/activities/performance";
    JsonObject competent = row.apply(null, "Competent");
    assertThat(competent.getJsonObject("object").getJsonObject("definition").getString("type")).isEqualTo(performance);
    assertThat(competent.getJsonObject("result").getBoolean("success")).isTrue();
    JsonObject notYet = row.apply(null, "Not yet competent");
    assertThat(notYet.getJsonObject("object").getJsonObject("definition").getString("type")).isEqualTo(performance);
    assertThat(notYet.getJsonObject("result").getBoolean("success")).isFalse();
    assertThat(row.apply("200145", "Competent").getJsonObject("object").getJsonObject("definition").containsKey("type"))
        .as("the assessor says it: the statement is as before").isFalse();
    assertThat(row.apply(null, "Attended").getJsonObject("object").getJsonObject("definition").containsKey("type"))
        .isFalse();
    assertThat(row.apply(null, "Passed").getJsonObject("object").getJsonObject("definition").containsKey("type"))
        .as("a pass is not said to be a judgement of practice").isFalse();
    assertThat(StatementValidator.validate(competent, XapiVersion.V1_0_3)).isEmpty();
  }

  @Test
  @DisplayName("the same session attended and assessed on one day are two statements; ids are stable across runs")
  void ids() throws Exception {
    RecordingLrs first = importWith("local-mapping.csv", new Samples.Rejects());
    RecordingLrs second = importWith("local-mapping.json", new Samples.Rejects());
    assertThat(second.stored.keySet()).containsExactlyElementsOf(first.stored.keySet());
  }

  @Test
  @DisplayName("a mapping file with several problems reports all of them at once")
  void mappingProblems() {
    String csv = "session_code,activity_iri,activity_name,competencies\n"
        + "A,not-an-iri,Name,\n"
        + "B,https://x.example/b,Name,https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/domains/5\n"
        + "A,https://x.example/a2,Name,\n";
    assertThatThrownBy(() -> SessionMapping.load(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "m.csv"))
        .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems()).hasSize(2)
            .anySatisfy(p -> assertThat(p).startsWith("m.csv line 2: activity 'not-an-iri'"))
            .anySatisfy(p -> assertThat(p).startsWith("m.csv line 3: 'https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/domains/5' is not a competency IRI")));
  }

  @Test
  @DisplayName("a code mapped twice is a problem")
  void duplicateCode() {
    String json = "{\"sessions\":[{\"code\":\"A\",\"activity\":\"https://x.example/a\"},"
        + "{\"code\":\"a\",\"activity\":\"https://x.example/b\"}]}";
    assertThatThrownBy(() -> SessionMapping.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "m.json"))
        .isInstanceOf(InputException.class).hasMessageContaining("'a' is mapped twice");
  }
}
