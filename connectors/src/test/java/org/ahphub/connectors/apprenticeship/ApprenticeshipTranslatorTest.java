package org.ahphub.connectors.apprenticeship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.ahphub.connectors.pipeline.ImportSummary;
import org.ahphub.connectors.pipeline.Reject;
import org.ahphub.connectors.state.FileCheckpointStore;
import org.ahphub.connectors.state.OutcomeLedger;
import org.ahphub.connectors.testing.RecordingLrs;
import org.ahphub.connectors.testing.Samples;
import org.ahphub.connectors.testing.TestImports;
import org.ahphub.xapi.StatementValidator;
import org.ahphub.xapi.XapiVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprenticeshipTranslatorTest {

  private static final String APRIL = "apprenticeship-ilr-2024-04.csv";
  private static final String MAY = "apprenticeship-ilr-2024-05.csv";

  @TempDir
  Path state;

  private FileCheckpointStore store;
  private RecordingLrs lrs;

  @BeforeEach
  void setUp() {
    store = new FileCheckpointStore(state);
    lrs = new RecordingLrs();
  }

  private ImportSummary importFile(Path file, Samples.Rejects rejects) throws IOException {
    OutcomeLedger ledger = store.loadLedger("apprenticeship");
    ApprenticeshipTranslator translator = new ApprenticeshipTranslator(ApprenticeshipTranslator.DEFAULT_HOME_PAGE,
        ledger, ZoneId.of("Europe/London"));
    return TestImports.run(translator, ledger, lrs, store, file, rejects, 500);
  }

  private ImportSummary importSample(String name) throws IOException {
    return importFile(Samples.path(name), new Samples.Rejects());
  }

  private List<JsonObject> forUln(String uln) {
    return lrs.all().stream()
        .filter(s -> uln.equals(s.getJsonObject("actor").getJsonObject("account").getString("name"))).toList();
  }

  private static String verb(JsonObject s) {
    return s.getJsonObject("verb").getString("id").replaceAll(".*/", "");
  }

  @Test
  @DisplayName("a completed, achieved aim gives registered, completed and passed on the standard, with grade and EPAO")
  void achievedAim() throws IOException {
    importSample(APRIL);
    List<JsonObject> statements = forUln("2345678901");
    assertThat(statements).extracting(ApprenticeshipTranslatorTest::verb).containsExactly("registered", "completed", "passed");
    JsonObject registered = statements.get(0);
    assertThat(registered.getJsonObject("actor")).isEqualTo(new JsonObject().put("objectType", "Agent")
        .put("account", new JsonObject().put("homePage", "https://www.gov.uk/uln").put("name", "2345678901")));
    assertThat(registered.getJsonObject("object").getString("id"))
        .isEqualTo("https://www.instituteforapprenticeships.org/apprenticeship-standards/st0217");
    assertThat(registered.getString("timestamp")).isEqualTo("2022-09-05T00:00:00.000+01:00");
    assertThat(registered.getJsonObject("context").getJsonObject("extensions").getMap())
        .containsEntry("https://ahp-hub.org/vocab/xapi/extensions/planned-end-date", "2024-03-05")
        .containsEntry("https://ahp-hub.org/vocab/xapi/extensions/learner-reference-number", "HSW002");
    JsonObject passed = statements.get(2);
    assertThat(passed.getJsonObject("result")).isEqualTo(new JsonObject().put("success", true).put("completion", true)
        .put("extensions", new JsonObject().put("https://ahp-hub.org/vocab/xapi/extensions/grade", "Distinction")));
    assertThat(passed.getJsonObject("context").getJsonObject("extensions").getMap())
        .containsEntry("https://ahp-hub.org/vocab/xapi/extensions/epa-organisation", "EPA0123");
    assertThat(passed.getJsonObject("context").getJsonObject("contextActivities").getJsonArray("category"))
        .containsExactly(new JsonObject().put("objectType", "Activity")
            .put("id", "https://ahp-hub.org/vocab/apprenticeship-standard/ST0217"));
    assertThat(passed.getString("timestamp")).isEqualTo("2024-04-10T00:00:00.000+01:00");
    assertThat(passed.getString("id")).isEqualTo(ApprenticeshipTranslator.outcomeId("2345678901|ST0217|2022-09-05", "1"));
    assertThat(statements).extracting(s -> s.getJsonObject("context").getString("registration")).containsOnly(
        registered.getJsonObject("context").getString("registration"));
  }

  @Test
  @DisplayName("continuing learners are only registered; withdrawn are terminated (not failed); a break is suspended")
  void completionStatuses() throws IOException {
    importSample(APRIL);
    assertThat(forUln("1234567890")).extracting(ApprenticeshipTranslatorTest::verb).containsExactly("registered");
    assertThat(forUln("3456789012")).extracting(ApprenticeshipTranslatorTest::verb).containsExactly("registered", "terminated");
    assertThat(forUln("3456789012").get(1).getString("timestamp")).isEqualTo("2023-01-14T00:00:00.000Z");
    assertThat(forUln("3456789012").get(1).getJsonObject("object").getString("id")).endsWith("/st0215");
    assertThat(forUln("4567890123")).extracting(ApprenticeshipTranslatorTest::verb).containsExactly("registered", "suspended");
  }

  @Test
  @DisplayName("an outcome corrected later in the same file voids the earlier outcome statement, which is delivered first")
  void correctionInTheSameFile() throws IOException {
    ImportSummary summary = importSample(APRIL);
    String aim = "5678901234|ST0216|2022-10-10";
    assertThat(forUln("5678901234")).extracting(ApprenticeshipTranslatorTest::verb)
        .containsExactly("registered", "completed", "failed", "voided", "passed");
    JsonObject voiding = forUln("5678901234").get(3);
    assertThat(voiding.getJsonObject("object")).isEqualTo(new JsonObject().put("objectType", "StatementRef")
        .put("id", ApprenticeshipTranslator.outcomeId(aim, "3")));
    assertThat(voiding.getJsonObject("actor").getJsonObject("account").getString("name")).isEqualTo("5678901234");
    int failedBatch = batchOf(ApprenticeshipTranslator.outcomeId(aim, "3"));
    assertThat(batchOf(voiding.getString("id"))).isGreaterThan(failedBatch);
    assertThat(summary.statementsPosted()).isEqualTo(13);
    assertThat(summary.duplicates()).isEqualTo(4);
    assertThat(lrs.all()).allSatisfy(s -> assertThat(StatementValidator.validate(s, XapiVersion.V1_0_3)).isEmpty());
  }

  @Test
  @DisplayName("bad aims are rejected with line, column and reason")
  void rejects() throws IOException {
    Samples.Rejects rejects = new Samples.Rejects();
    ImportSummary summary = importFile(Samples.path(APRIL), rejects);
    assertThat(rejects.all).extracting(Reject::line, Reject::column, Reject::reason).containsExactly(
        tuple(8L, 2, "the ULN is 9999999999 (not known); the learner cannot be identified"),
        tuple(9L, 3, "programme type 2 is not 25 (apprenticeship standard)"),
        tuple(10L, 7, "completion status 2 needs the actual end date"));
    assertThat(summary.rowsRead()).isEqualTo(10);
    assertThat(summary.rowsRejected()).isEqualTo(3);
  }

  @Test
  @DisplayName("an outcome corrected by a later file voids the earlier import's statement and states the new one")
  void correctionInALaterFile() throws IOException {
    importSample(APRIL);
    int before = lrs.stored.size();
    ImportSummary may = importSample(MAY);
    String aim = "2345678901|ST0217|2022-09-05";
    List<String> fresh = lrs.stored.values().stream().skip(before).map(ApprenticeshipTranslatorTest::verb).toList();
    assertThat(fresh).containsExactly("voided", "failed");
    JsonObject voiding = lrs.withVerb("voided").stream()
        .filter(s -> s.getJsonObject("object").getString("id").equals(ApprenticeshipTranslator.outcomeId(aim, "1")))
        .findFirst().orElseThrow();
    assertThat(voiding.getJsonObject("verb").getString("id")).isEqualTo("http://adlnet.gov/expapi/verbs/voided");
    assertThat(may.statementsStored()).isEqualTo(2);
    assertThat(may.duplicates()).isEqualTo(6);
  }

  @Test
  @DisplayName("importing the same file again stores nothing new, with or without its checkpoint")
  void idempotent() throws IOException {
    importSample(APRIL);
    importSample(MAY);
    int stored = lrs.stored.size();
    ImportSummary again = importSample(APRIL);
    assertThat(again.rowsSkipped()).isEqualTo(10);
    assertThat(again.statementsPosted()).isZero();

    Files.delete(store.checkpointFile("apprenticeship", APRIL));
    ImportSummary replay = importSample(APRIL);
    assertThat(replay.rowsRead()).isEqualTo(10);
    assertThat(replay.statementsPosted()).isPositive();
    assertThat(replay.statementsStored()).isZero();
    assertThat(lrs.stored).hasSize(stored);
  }

  @Test
  @DisplayName("an outcome that was voided cannot be stated again automatically: the row is rejected and says why")
  void flipBack() throws IOException {
    importSample(APRIL);
    importSample(MAY);
    Path june = state.resolve("apprenticeship-ilr-2024-06.csv");
    Files.writeString(june, Files.readString(Samples.path(MAY)).lines().limit(1).reduce("", (a, b) -> a + b + "\n")
        + "HSW002,2345678901,25,217,2022-09-05,2024-03-05,2024-02-28,2,1,Distinction,2024-04-10,EPA0123\n");
    Samples.Rejects rejects = new Samples.Rejects();
    importFile(june, rejects);
    assertThat(rejects.all).extracting(Reject::line, Reject::field).containsExactly(tuple(2L, "outcome"));
    assertThat(rejects.all.get(0).reason()).contains("cannot be stated again");
  }

  @Test
  @DisplayName("the outcome ledger holds hashes of aims, not ULNs")
  void ledgerHasNoUlns() throws IOException {
    importSample(APRIL);
    String ledger = Files.readString(store.ledgerFile("apprenticeship"));
    assertThat(ledger).doesNotContain("5678901234").doesNotContain("2345678901").contains("\"outcome\" : \"1\"");
  }

  @Test
  @DisplayName("standard codes are accepted as 216, 0216 or ST0216")
  void standardCodes() {
    assertThat(List.of("216", "0216", "ST0216", "st216")).allSatisfy(
        code -> assertThat(ApprenticeshipTranslator.standard(code)).isEqualTo("ST0216"));
  }

  private int batchOf(String id) {
    for (int i = 0; i < lrs.batches.size(); i++) {
      if (lrs.batches.get(i).stream().anyMatch(s -> s.getString("id").equals(id))) {
        return i;
      }
    }
    throw new AssertionError("not posted: " + id);
  }
}
