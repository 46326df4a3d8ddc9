package org.ahphub.connectors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.List;
import org.ahphub.connectors.elfh.CourseSubjects;
import org.ahphub.connectors.elfh.ElfhTranslator;
import org.ahphub.connectors.input.Field;
import org.ahphub.connectors.input.Row;
import org.ahphub.connectors.input.Schema;
import org.ahphub.connectors.state.Checkpoint;
import org.ahphub.connectors.state.CheckpointStore;
import org.ahphub.connectors.state.FileCheckpointStore;
import org.ahphub.connectors.testing.RecordingLrs;
import org.ahphub.connectors.testing.Samples;
import org.ahphub.connectors.testing.TestImports;
import org.ahphub.connectors.translate.Translation;
import org.ahphub.connectors.translate.Translator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportPipelineTest {

  private static final String SAMPLE = "elfh-completions.csv";

  @TempDir
  Path dir;

  private final ElfhTranslator elfh =
      new ElfhTranslator(ElfhTranslator.DEFAULT_ACTIVITY_BASE, CourseSubjects.defaults(), ZoneId.of("Europe/London"));

  private ImportSummary run(Translator translator, RecordingLrs lrs, Path stateDir, Path file, int batch)
      throws IOException {
    FileCheckpointStore store = new FileCheckpointStore(stateDir);
    RejectsFile rejects = new RejectsFile(stateDir.resolve("rejects.csv"));
    return TestImports.run(translator, null, lrs, store, file, rejects, batch);
  }

  @Test
  @DisplayName("a delivery failure stops the import at the last delivered batch; the next run resumes there")
  void resumeAfterFailure() throws IOException {
    Path clean = Files.createDirectory(dir.resolve("clean"));
    run(elfh, new RecordingLrs(), clean, Samples.path(SAMPLE), 3);
    String cleanRejects = Files.readString(clean.resolve("rejects.csv"));

    Path state = Files.createDirectory(dir.resolve("state"));
    RecordingLrs lrs = new RecordingLrs().failOnBatch(2);
    ImportSummary failed = run(elfh, lrs, state, Samples.path(SAMPLE), 3);
    assertThat(failed.error()).isEqualTo("LRS unreachable (test)");
    assertThat(failed.exitCode()).isEqualTo(1);
    Checkpoint checkpoint = new FileCheckpointStore(state).load("elfh", SAMPLE).orElseThrow();
    // batch 1 held row 1 (completed + passed); row 2's two statements did not fit, so batch 2 began with them
    assertThat(checkpoint.record()).isEqualTo(1);
    assertThat(lrs.stored).hasSize(2);

    ImportSummary resumed = run(elfh, lrs, state, Samples.path(SAMPLE), 3);
    assertThat(resumed.error()).isNull();
    assertThat(resumed.resumedAfterRecord()).isEqualTo(1);
    assertThat(resumed.rowsSkipped()).isEqualTo(1);
    assertThat(resumed.rowsRead()).isEqualTo(12);
    assertThat(lrs.stored).hasSize(10);
    // row 4 repeats row 1, which this run skipped: the LRS, not the run, recognises it
    assertThat(resumed.duplicates()).isEqualTo(2);
    assertThat(resumed.statementsStored()).isEqualTo(8);
    assertThat(Files.readString(state.resolve("rejects.csv"))).isEqualTo(cleanRejects);
    assertThat(new FileCheckpointStore(state).load("elfh", SAMPLE).orElseThrow().line()).isEqualTo(15);
  }

  @Test
  @DisplayName("a file imported twice is skipped by its checkpoint; changed content is imported again, idempotently")
  void checkpointFollowsContent() throws IOException {
    Path file = dir.resolve("export.csv");
    Files.copy(Samples.path(SAMPLE), file);
    RecordingLrs lrs = new RecordingLrs();
    run(elfh, lrs, dir, file, 500);
    ImportSummary again = run(elfh, lrs, dir, file, 500);
    assertThat(again.rowsSkipped()).isEqualTo(13);
    assertThat(again.statementsPosted()).isZero();
    assertThat(again.exitCode()).isZero();

    Files.writeString(file, "L3001,,STAT_FS_L1,Fire Safety - Level 1,01/07/2024,,,\r\n", StandardOpenOption.APPEND);
    ImportSummary changed = run(elfh, lrs, dir, file, 500);
    assertThat(changed.rowsRead()).isEqualTo(14);
    assertThat(changed.statementsStored()).isEqualTo(1);
    assertThat(changed.duplicates()).isEqualTo(12);
  }

  @Test
  @DisplayName("counts are in rows: a re-upload is 'already imported: no changes', a changed file stores only its new row")
  void countsInRows() throws IOException {
    Path file = dir.resolve("export.csv");
    Files.copy(Samples.path(SAMPLE), file);
    RecordingLrs lrs = new RecordingLrs();
    ImportSummary first = run(elfh, lrs, dir, file, 500);
    // 13 rows: 6 rejected, row 4 repeats row 1 (already imported by this file), 6 stored
    assertThat(first.rows()).isEqualTo(new ImportSummary.RowCounts(13, 6, 1, 6, 0, false));
    assertThat(first.message()).isEqualTo("6 rows stored, 1 already imported, 6 rejected");

    ImportSummary again = run(elfh, lrs, dir, file, 500);
    assertThat(again.rows()).isEqualTo(new ImportSummary.RowCounts(13, 0, 13, 0, 0, false));
    assertThat(again.message()).isEqualTo("already imported: no changes");
    assertThat(again.json().getJsonObject("rows")).isEqualTo(new JsonObject().put("read", 13).put("stored", 0)
        .put("alreadyImported", 13).put("rejected", 0));

    // one new row (one statement) in a batch with six known rows (two statements each): split exactly
    Files.writeString(file, "L3001,,STAT_FS_L1,Fire Safety - Level 1,01/07/2024,,,\r\n", StandardOpenOption.APPEND);
    ImportSummary changed = run(elfh, lrs, dir, file, 500);
    assertThat(changed.rows()).isEqualTo(new ImportSummary.RowCounts(14, 1, 7, 6, 0, false));
  }

  @Test
  @DisplayName("a partly new batch is split into rows by the statements each row carries")
  void rowSplit() {
    assertThat(RowSplit.knownRowCounts(new int[] {2, 2, 2, 1}, 4)).containsExactly(2);
    assertThat(RowSplit.knownRowCounts(new int[] {2, 2, 1, 1}, 2)).containsExactly(1, 2);
    assertThat(RowSplit.knownRowCounts(new int[] {3, 3}, 6)).containsExactly(2);
  }

  @Test
  @DisplayName("a dry run delivers nothing and remembers nothing, but reports what it would post and reject")
  void dryRun() throws IOException {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    Samples.Rejects rejects = new Samples.Rejects();
    ImportSummary summary = TestImports.run(elfh, null, null, store, Samples.path(SAMPLE), rejects, 500);
    assertThat(summary.dryRun()).isTrue();
    assertThat(summary.statementsPosted()).isEqualTo(10);
    assertThat(summary.rowsRejected()).isEqualTo(6);
    assertThat(store.checkpointFile("elfh", SAMPLE)).doesNotExist();
  }

  /** One statement per row, id from column "id", a value from column "value": lets rows clash on purpose. */
  private static final Translator STUB = new Translator() {
    @Override
    public String source() {
      return "stub";
    }

    @Override
    public Schema schema() {
      return Schema.of(Field.required("id"), Field.required("value"));
    }

    @Override
    public Translation translate(Row row) {
      return Translation.of(List.of(new JsonObject()
          .put("id", row.get("id"))
          .put("actor", new JsonObject().put("account",
              new JsonObject().put("homePage", "https://example.org").put("name", "x")))
          .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/attended"))
          .put("object", new JsonObject().put("id", "https://example.org/" + row.get("value")))));
    }
  };

  @Test
  @DisplayName("statements that break xAPI rules, or clash with an earlier row's statement id, reject their row")
  void invalidAndClashingStatements() throws IOException {
    Path file = dir.resolve("stub.csv");
    Files.writeString(file, "id,value\n"
        + "11111111-1111-5111-8111-111111111111,a\n"
        + "not-a-uuid,b\n"
        + "11111111-1111-5111-8111-111111111111,c\n"
        + "11111111-1111-5111-8111-111111111111,a\n");
    Samples.Rejects rejects = new Samples.Rejects();
    RecordingLrs lrs = new RecordingLrs();
    ImportSummary summary = TestImports.run(STUB, null, lrs, CheckpointStore.none(), file, rejects, 500);
    assertThat(lrs.stored).hasSize(1);
    assertThat(summary.duplicates()).isEqualTo(1);
    assertThat(rejects.all).extracting(Reject::line).containsExactly(3L, 4L);
    assertThat(rejects.all.get(0).reason()).startsWith("the attended statement breaks xAPI rule statement.id.uuid at $.id");
    assertThat(rejects.all.get(1).reason())
        .isEqualTo("the attended statement (id 11111111-1111-5111-8111-111111111111) differs from the one made from line 2"
            + " for the same record");
  }

  @Test
  @DisplayName("an input without the required columns fails as a whole, listing every missing column")
  void missingColumns() throws IOException {
    Path file = dir.resolve("wrong.csv");
    Files.writeString(file, "Name,Course\nA,B\n");
    ImportSummary summary = TestImports.run(elfh, null, new RecordingLrs(), CheckpointStore.none(), file,
        new Samples.Rejects(), 500);
    assertThat(summary.exitCode()).isEqualTo(1);
    assertThat(summary.error()).contains("no 'completedAt' column").contains("at least one of the columns learnerId, email");
  }
}
