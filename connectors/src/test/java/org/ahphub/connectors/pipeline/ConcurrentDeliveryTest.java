package org.ahphub.connectors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.ahphub.connectors.delivery.BatchReceipt;
import org.ahphub.connectors.delivery.DeliveryException;
import org.ahphub.connectors.delivery.LrsClient;
import org.ahphub.connectors.elfh.CourseSubjects;
import org.ahphub.connectors.elfh.ElfhTranslator;
import org.ahphub.connectors.state.Checkpoint;
import org.ahphub.connectors.state.FileCheckpointStore;
import org.ahphub.connectors.testing.TestImports;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several batches in flight: answers arrive out of order, the checkpoint still follows the file. */
class ConcurrentDeliveryTest {

  private static final int ROWS = 120;

  @TempDir
  Path dir;

  private final ElfhTranslator elfh =
      new ElfhTranslator(ElfhTranslator.DEFAULT_ACTIVITY_BASE, CourseSubjects.defaults(), ZoneId.of("Europe/London"));

  /**
   * A thread-safe LRS whose first answer is slow, so later batches finish first, and which can
   * refuse the batch carrying one learner's statements.
   */
  private static final class OutOfOrderLrs implements LrsClient {
    final Map<String, JsonObject> stored = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile String refuseLearner;

    @Override
    public BatchReceipt post(List<JsonObject> statements) throws DeliveryException {
      if (calls.incrementAndGet() == 1) {
        sleep(300);
      }
      if (refuseLearner != null && statements.stream().anyMatch(s -> refuseLearner.equals(
          s.getJsonObject("actor").getJsonObject("account").getString("name")))) {
        throw new DeliveryException("LRS unreachable (test)", 503, 5, null);
      }
      int fresh = 0;
      for (JsonObject s : statements) {
        if (stored.putIfAbsent(s.getString("id"), s) == null) {
          fresh++;
        }
      }
      return new BatchReceipt(statements.stream().map(s -> s.getString("id")).toList(), OptionalInt.of(fresh), 1);
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Path export() throws IOException {
    StringBuilder csv = new StringBuilder("Learner ID,Email,Course ID,Course Title,Completion Date,Score,Pass/Fail,Certificate ID\n");
    for (int i = 1; i <= ROWS; i++) {
      csv.append("L").append(1000 + i).append(",,STAT_IPC_L1,IPC level 1,0").append(1 + i % 9)
          .append("/03/2024 09:30,90%,Pass,C").append(i).append('\n');
    }
    return Files.writeString(dir.resolve("elfh-" + ROWS + ".csv"), csv);
  }

  private ImportSummary run(OutOfOrderLrs lrs, Path file, Path state) throws IOException {
    ImportPipeline pipeline = new ImportPipeline(elfh, null, lrs, new FileCheckpointStore(state), RejectsSink.none(),
        null, new ImportPipeline.Settings(10, 4, false, 100), TestImports.CLOCK);
    return pipeline.run(ImportInput.ofFile(file, null));
  }

  @Test
  @DisplayName("with four batches in flight every statement arrives once and the checkpoint ends at the last row")
  void allArrive() throws IOException {
    Path file = export();
    Path state = Files.createDirectory(dir.resolve("state"));
    OutOfOrderLrs lrs = new OutOfOrderLrs();
    ImportSummary summary = run(lrs, file, state);

    assertThat(summary.error()).isNull();
    assertThat(lrs.calls.get()).isGreaterThan(4);
    assertThat(lrs.stored).hasSize(2 * ROWS);
    assertThat(summary.statementsPosted()).isEqualTo(2 * ROWS);
    assertThat(summary.statementsStored()).isEqualTo(2 * ROWS);
    assertThat(new FileCheckpointStore(state).load("elfh", file.getFileName().toString()).orElseThrow().record())
        .isEqualTo(ROWS);
  }

  @Test
  @DisplayName("a refused batch stops the import with the checkpoint before it, though later batches arrived; the re-run completes")
  void failureKeepsCheckpointBehindIt() throws IOException {
    Path file = export();
    Path state = Files.createDirectory(dir.resolve("state"));
    OutOfOrderLrs lrs = new OutOfOrderLrs();
    lrs.refuseLearner = "L1030"; // row 30, in the sixth batch of five rows each
    ImportSummary failed = run(lrs, file, state);

    assertThat(failed.error()).isEqualTo("LRS unreachable (test)");
    Checkpoint checkpoint = new FileCheckpointStore(state).load("elfh", file.getFileName().toString()).orElseThrow();
    assertThat(checkpoint.record()).isLessThan(30);

    lrs.refuseLearner = null;
    ImportSummary resumed = run(lrs, file, state);
    assertThat(resumed.error()).isNull();
    assertThat(resumed.resumedAfterRecord()).isEqualTo(checkpoint.record());
    assertThat(lrs.stored).hasSize(2 * ROWS);
  }
}
