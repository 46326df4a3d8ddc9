package org.ahphub.connectors;

import static org.ahphub.connectors.testing.VertxHelper.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ahphub.connectors.delivery.HttpLrsClient;
import org.ahphub.connectors.testing.FakeLrsVerticle;
import org.ahphub.connectors.testing.Samples;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorsCliTest {

  @TempDir
  Path state;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int cli(Map<String, String> env, String... args) {
    return ConnectorsCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a dry run on the e-LfH sample prints the summary, writes the rejects file and exits 2")
  void dryRun() throws IOException {
    int code = cli(Map.of(), "import", "elfh", Samples.path("elfh-completions.csv").toString(),
        "--state-dir", state.toString(), "--dry-run");
    assertThat(code).isEqualTo(2);
    assertThat(out())
        .contains("import elfh elfh-completions.csv (dry run: validated, nothing sent)")
        .contains("rows read          13")
        .contains("statements posted  10 (would be)")
        .contains("duplicates         2 (repeats within the file)")
        .contains("rejected rows      6")
        .contains("elfh-completions.csv:10:3 (courseId): course id is missing")
        .contains("exit 2 (some rows rejected)")
        .doesNotContain("@");
    assertThat(err()).contains("validated").doesNotContain("@");
    List<String> rejects = Files.readAllLines(state.resolve("elfh-completions.csv.elfh.rejects.csv"));
    assertThat(rejects).hasSize(7);
    assertThat(rejects.get(0)).isEqualTo("file,line,column,field,reason");
    assertThat(rejects.get(1)).isEqualTo("elfh-completions.csv,9,5,completedAt,"
        + "\"'31/02/2024' is not a date (use 2024-03-14, 14/03/2024 or 14/03/2024 09:30)\"");
    assertThat(rejects.get(3)).isEqualTo("elfh-completions.csv,11,6,,\"expected 8 columns, found 5\"");
    assertThat(String.join("\n", rejects)).doesNotContain("@");
    assertThat(state.resolve("elfh-completions.csv.elfh.checkpoint.json")).doesNotExist();
  }

  @Test
  @DisplayName("a real run posts to the LRS with the given credentials; the second run finds nothing new")
  void delivers() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      FakeLrsVerticle lrs = new FakeLrsVerticle();
      await(vertx.deployVerticle(lrs));
      Map<String, String> env = Map.of("LRS_URL", lrs.url(), "LRS_KEY", "trust", "LRS_SECRET", "s3cret");
      String[] args = {"import", "local", Samples.path("local-training.csv").toString(),
          "--mapping", Samples.path("local-mapping.csv").toString(), "--home-page", "https://www.example-trust.nhs.uk",
          "--state-dir", state.toString(), "--batch", "2"};
      assertThat(cli(env, args)).isEqualTo(2);
      assertThat(lrs.stored()).hasSize(4);
      assertThat(lrs.requests()).hasSize(2);
      assertThat(lrs.requests().get(0).headers().get("Authorization")).isEqualTo(HttpLrsClient.basic("trust", "s3cret"));
      assertThat(out()).contains("stored (new)       4").contains("duplicates         0");

      out.reset();
      assertThat(cli(env, args)).isZero();
      assertThat(out()).contains("rows skipped       6").contains("statements posted  0");
      assertThat(lrs.requests()).hasSize(2);
    } finally {
      await(vertx.close());
    }
  }

  @Test
  @DisplayName("the summary counts rows and says plainly when a file was already imported; --progress bar draws a bar on stderr")
  void rowsAndProgressBar() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      FakeLrsVerticle lrs = new FakeLrsVerticle();
      await(vertx.deployVerticle(lrs));
      Map<String, String> env = Map.of("LRS_URL", lrs.url(), "LRS_KEY", "trust", "LRS_SECRET", "s3cret");
      String[] args = {"import", "elfh", Samples.path("elfh-completions.csv").toString(), "--state-dir",
          state.toString(), "--progress", "bar"};
      assertThat(cli(env, args)).isEqualTo(2);
      assertThat(out()).contains("  6 rows stored, 1 already imported, 6 rejected")
          .contains("rows: 13 read, 6 stored, 1 already imported, 6 rejected");
      assertThat(err()).contains("\rconnectors: elfh [" + "#".repeat(30) + "] 100%  13 rows, 6 rejected");
      out.reset();
      assertThat(cli(env, args)).isZero();
      assertThat(out()).contains("  already imported: no changes").contains("rows: 13 read, 0 stored, 13 already imported");
    } finally {
      await(vertx.close());
    }
  }

  @Test
  @DisplayName("an LRS that cannot be reached exits 1 and says how to resume")
  void notDelivered() {
    Map<String, String> env = Map.of("LRS_URL", "http://localhost:9", "CONNECTORS_MAX_ATTEMPTS", "1");
    int code = cli(env, "import", "apprenticeship", Samples.path("apprenticeship-ilr-2024-04.csv").toString(),
        "--state-dir", state.toString(), "--key", "k", "--secret", "s");
    assertThat(code).isEqualTo(1);
    assertThat(out()).contains("not delivered: LRS unreachable").contains("run the same command again to resume");
  }

  @Test
  @DisplayName("usage and configuration errors exit 64 and say what is wrong")
  void usage() {
    assertThat(cli(Map.of(), "import", "moodle", "x.csv")).isEqualTo(64);
    assertThat(err()).contains("unknown source 'moodle'");
    assertThat(cli(Map.of(), "import", "elfh", Samples.path("elfh-completions.csv").toString())).isEqualTo(64);
    assertThat(err()).contains("LRS credentials are needed");
    assertThat(cli(Map.of("LRS_URL", "localhost", "CONNECTORS_BATCH_SIZE", "0"), "import", "elfh", "x.csv", "--dry-run"))
        .isEqualTo(64);
    assertThat(err()).contains("LRS_URL must be an absolute http(s) URL").contains("CONNECTORS_BATCH_SIZE must be between");
    assertThat(cli(Map.of(), "import", "apprenticeship", "x.csv", "--mapping", "m.csv")).isEqualTo(64);
    assertThat(cli(Map.of(), "help")).isZero();
    assertThat(out()).contains("usage: connectors import");
  }

  @Test
  @DisplayName("local training without its mapping or trust homePage is refused with the reason")
  void localNeedsMapping() {
    int code = cli(Map.of(), "import", "local", Samples.path("local-training.csv").toString(), "--dry-run",
        "--state-dir", state.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("local training needs the trust's account homePage");
  }
}
