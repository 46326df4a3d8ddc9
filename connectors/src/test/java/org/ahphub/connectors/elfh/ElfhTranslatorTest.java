package org.ahphub.connectors.elfh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.ahphub.connectors.input.InputException;
import org.ahphub.connectors.input.Row;
import org.ahphub.connectors.pipeline.ImportSummary;
import org.ahphub.connectors.pipeline.Reject;
import org.ahphub.connectors.state.FileCheckpointStore;
import org.ahphub.connectors.testing.RecordingLrs;
import org.ahphub.connectors.testing.Samples;
import org.ahphub.connectors.testing.TestImports;
import org.ahphub.connectors.translate.Translation;
import org.ahphub.connectors.xapi.StatementIds;
import org.ahphub.xapi.StatementValidator;
import org.ahphub.xapi.XapiVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfhTranslatorTest {

  private static final String IPC_L2 = "https://ahp-hub.org/vocab/cstf/infection-prevention-control-l2";

  @TempDir
  Path state;

  private final ElfhTranslator translator =
      new ElfhTranslator(ElfhTranslator.DEFAULT_ACTIVITY_BASE, CourseSubjects.defaults(), ZoneId.of("Europe/London"));
  private RecordingLrs lrs;
  private Samples.Rejects rejects;
  private ImportSummary summary;

  @BeforeEach
  void importSample() throws IOException {
    lrs = new RecordingLrs();
    rejects = new Samples.Rejects();
    summary = TestImports.run(translator, null, lrs, new FileCheckpointStore(state),
        Samples.path("elfh-completions.csv"), rejects, 500);
  }

  private JsonObject statement(String learner, String verb) {
    return lrs.all().stream()
        .filter(s -> learner.equals(s.getJsonObject("actor").getJsonObject("account", new JsonObject()).getString("name")))
        .filter(s -> s.getJsonObject("verb").getString("id").endsWith("/" + verb))
        .findFirst().orElseThrow(() -> new AssertionError("no " + verb + " statement for " + learner));
  }

  @Test
  @DisplayName("an assessed completion gives completed and passed, on the course, with the e-LfH account as the actor and the e-mail address vouched for only as its SHA-1 sum")
  void assessedCompletion() {
    JsonObject completed = statement("L1001", "completed");
    JsonObject passed = statement("L1001", "passed");
    assertThat(completed.getJsonObject("actor")).isEqualTo(new JsonObject()
        .put("objectType", "Agent")
        .put("account", new JsonObject().put("homePage", "https://www.e-lfh.org.uk").put("name", "L1001")));
    assertThat(completed.encode()).doesNotContain("ann.example@nhs.net").doesNotContain("\"mbox\"");
    assertThat(completed.getJsonObject("context").getJsonObject("extensions")
        .getJsonArray(org.ahphub.xapi.HubExtensions.ASSERTED_IDENTIFIERS))
        .containsExactly(new JsonObject().put("mbox_sha1sum", org.ahphub.xapi.Actors.sha1Hex("mailto:ann.example@nhs.net")));
    assertThat(completed.getJsonObject("object").getString("id"))
        .isEqualTo("https://www.e-lfh.org.uk/programmes/STAT_IPC_L2");
    assertThat(completed.getJsonObject("object").getJsonObject("definition").getJsonObject("name").getString("en-GB"))
        .isEqualTo("Infection Prevention and Control - Level 2");
    assertThat(completed.getString("timestamp")).isEqualTo("2024-03-14T09:30:00.000Z");
    assertThat(completed.getJsonObject("result")).isEqualTo(new JsonObject().put("completion", true)
        .put("success", true)
        .put("score", new JsonObject().put("scaled", 0.85).put("raw", 85).put("min", 0).put("max", 100))
        .put("extensions", new JsonObject().put("https://ahp-hub.org/vocab/xapi/extensions/certificate-id", "CERT-0001")));
    assertThat(passed.getJsonObject("result").getBoolean("success")).isTrue();
    assertThat(passed.getJsonObject("result").getJsonObject("score"))
        .isEqualTo(new JsonObject().put("scaled", 0.85).put("raw", 85).put("min", 0).put("max", 100));
    assertThat(passed.getJsonObject("context").getJsonObject("contextActivities").getJsonArray("category").getJsonObject(0))
        .isEqualTo(new JsonObject().put("objectType", "Activity").put("id", IPC_L2));
    assertThat(completed.getString("id")).isEqualTo(StatementIds.of("elfh",
        "account:L1001|STAT_IPC_L2|2024-03-14T09:30:00Z", "completed"));
  }

  @Test
  @DisplayName("scores given as 0.9 and dates in ISO local time (summer) are read right")
  void fractionScoreAndSummerTime() {
    JsonObject passed = statement("L1002", "passed");
    assertThat(passed.getJsonObject("result").getJsonObject("score").getValue("raw")).isEqualTo(90);
    assertThat(passed.getJsonObject("result").getJsonObject("score").getValue("scaled")).isEqualTo(0.9);
    assertThat(passed.getString("timestamp")).isEqualTo("2024-06-02T14:05:00.000+01:00");
    assertThat(categories(passed)).containsExactly("https://ahp-hub.org/vocab/cstf/fire-safety");
  }

  @Test
  @DisplayName("an unassessed completion has no passed/failed and no score; a title with commas and quotes survives")
  void unassessedCompletion() {
    assertThat(lrs.all()).noneMatch(s -> s.getJsonObject("actor").encode().contains("L1003")
        && !s.getJsonObject("verb").getString("id").endsWith("/completed"));
    JsonObject completed = statement("L1003", "completed");
    assertThat(completed.getJsonObject("result").containsKey("score")).isFalse();
    assertThat(completed.getJsonObject("object").getJsonObject("definition").getJsonObject("name").getString("en-GB"))
        .isEqualTo("Care Certificate Standard 6 - Communication, \"active listening\"");
    assertThat(categories(completed)).containsExactly("https://ahp-hub.org/vocab/care-certificate/standard/6");
    assertThat(completed.getString("timestamp")).isEqualTo("2024-04-03T00:00:00.000+01:00");
  }

  @Test
  @DisplayName("an unknown course is imported without a category; a failed assessment gives failed, and a completed that says so")
  void unknownCourseAndFail() {
    JsonObject failed = statement("L1004", "failed");
    JsonObject completed = statement("L1004", "completed");
    assertThat(completed.getJsonObject("result").getBoolean("success")).isFalse();
    assertThat(completed.getJsonObject("result").getJsonObject("score").getInteger("raw")).isEqualTo(72);
    assertThat(failed.getJsonObject("result").getBoolean("success")).isFalse();
    assertThat(failed.getJsonObject("result").getJsonObject("score").getInteger("raw")).isEqualTo(72);
    assertThat(failed.getJsonObject("context").containsKey("contextActivities")).isFalse();
    assertThat(failed.getJsonObject("object").getJsonObject("definition").getJsonObject("name").getString("en-GB"))
        .isEqualTo("Dementia awareness\n(trust induction module)");
  }

  @Test
  @DisplayName("a course in two subjects (combined safeguarding) carries both categories")
  void twoCategories() {
    assertThat(categories(statement("L1009", "passed"))).containsExactly(
        "https://ahp-hub.org/vocab/cstf/safeguarding-adults", "https://ahp-hub.org/vocab/cstf/safeguarding-children");
  }

  @Test
  @DisplayName("without a learner id the e-mail address identifies the learner as mbox, and nothing else")
  void mboxWhenNoLearnerId() {
    JsonObject completed = lrs.all().stream()
        .filter(s -> s.getJsonObject("actor").containsKey("mbox")).findFirst().orElseThrow();
    assertThat(completed.getJsonObject("actor"))
        .isEqualTo(new JsonObject().put("objectType", "Agent").put("mbox", "mailto:bob.example@nhs.net"));
    assertThat(lrs.all()).filteredOn(s -> s.getJsonObject("actor").containsKey("mbox")).hasSize(1);
  }

  @Test
  @DisplayName("a duplicate row is not posted twice; every posted statement is valid xAPI 1.0.3")
  void duplicatesAndValidity() {
    assertThat(summary.duplicates()).isEqualTo(2);
    assertThat(lrs.all()).extracting(s -> s.getString("id")).doesNotHaveDuplicates();
    assertThat(lrs.all()).hasSize(10);
    assertThat(lrs.all()).allSatisfy(s -> assertThat(StatementValidator.validate(s, XapiVersion.V1_0_3)).isEmpty());
  }

  @Test
  @DisplayName("bad rows are rejected with line, column and reason, and never mention the e-mail address")
  void rejects() {
    assertThat(rejects.all).extracting(Reject::line, Reject::column, Reject::field, Reject::reason).containsExactly(
        tuple(9L, 5, "completedAt", "'31/02/2024' is not a date (use 2024-03-14, 14/03/2024 or 14/03/2024 09:30)"),
        tuple(10L, 3, "courseId", "course id is missing"),
        tuple(11L, 6, null, "expected 8 columns, found 5"),
        tuple(12L, 6, "score", "score 'abc' is not a number or percentage"),
        tuple(13L, 1, "learnerId", "no learner id and no e-mail address: the learner cannot be identified"),
        tuple(14L, 2, "email", "no learner id, and the e-mail address is not valid"));
    assertThat(rejects.all).allSatisfy(r -> assertThat(r.input()).isEqualTo("elfh-completions.csv"));
    assertThat(rejects.all.toString()).doesNotContain("@").doesNotContain("not-an-address");
    assertThat(summary.rowsRead()).isEqualTo(13);
    assertThat(summary.rowsRejected()).isEqualTo(6);
    assertThat(summary.exitCode()).isEqualTo(2);
  }

  @Test
  @DisplayName("the JSON export (records inside a wrapper object) gives the same kind of statements")
  void jsonExport() throws IOException {
    RecordingLrs jsonLrs = new RecordingLrs();
    Samples.Rejects jsonRejects = new Samples.Rejects();
    ImportSummary json = TestImports.run(translator, null, jsonLrs, new FileCheckpointStore(state),
        Samples.path("elfh-completions.json"), jsonRejects, 500);
    assertThat(json.rowsRead()).isEqualTo(4);
    assertThat(jsonLrs.all()).extracting(s -> s.getJsonObject("verb").getString("id").replaceAll(".*/", ""))
        .containsExactly("completed", "passed", "completed", "failed", "completed");
    JsonObject passed = jsonLrs.withVerb("passed").get(0);
    assertThat(passed.getJsonObject("result").getJsonObject("score").getValue("scaled")).isEqualTo(0.85);
    assertThat(passed.getString("timestamp")).isEqualTo("2024-04-02T08:15:00.000+01:00");
    assertThat(passed.encode()).doesNotContain("carol.example");
    assertThat(jsonRejects.all).extracting(Reject::line, Reject::field, Reject::reason)
        .containsExactly(tuple(3L, "completedAt", "completion date is missing"));
  }

  @Test
  @DisplayName("a replacement course table is checked as a whole: every bad line is reported")
  void courseTableProblems() {
    String table = "course_id,scheme,subject\nA,cstf,fire-safety\nB,cstf,firesafety\nC,care-certificate,16\nD,other,1\n";
    assertThatThrownBy(() -> CourseSubjects.load(new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8)), "t.csv"))
        .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems()).containsExactly(
            "t.csv line 3: 'firesafety' is not a Core Skills Training Framework subject code",
            "t.csv line 4: '16' is not a Care Certificate standard (1 to 15)",
            "t.csv line 5: scheme must be cstf or care-certificate, not 'other'"));
  }

  @Test
  @DisplayName("the default table covers all 13 CSTF subject codes and all 15 Care Certificate standards")
  void defaultTableCoverage() {
    List<String> iris = CourseSubjects.defaults().table().values().stream().flatMap(List::stream).distinct().toList();
    assertThat(iris).filteredOn(i -> i.contains("/cstf/")).hasSize(13);
    assertThat(iris).filteredOn(i -> i.contains("/care-certificate/")).hasSize(15);
  }

  @Test
  @DisplayName("the course activity IRI base is configurable and course ids are percent-encoded")
  void activityBase() {
    ElfhTranslator custom = new ElfhTranslator("https://elfh.example.org/courses", CourseSubjects.empty(),
        ZoneId.of("Europe/London"));
    Translation t = custom.translate(Row.ofValues(1, Map.of("learnerId", "L1", "courseId", "A B/1",
        "completedAt", "01/05/2024")));
    assertThat(t.statements().get(0).getJsonObject("object").getString("id"))
        .isEqualTo("https://elfh.example.org/courses/A%20B%2F1");
  }

  private static List<String> categories(JsonObject statement) {
    return statement.getJsonObject("context").getJsonObject("contextActivities").getJsonArray("category").stream()
        .map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  @DisplayName("the rejects of a CSV sample can be written to a file and read back (smoke)")
  void sampleFilesExist() {
    assertThat(Files.exists(Samples.path("elfh-completions.csv"))).isTrue();
  }
}
