package org.ahphub.connectors.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.ahphub.connectors.delivery.LrsClient;
import org.ahphub.connectors.pipeline.ImportInput;
import org.ahphub.connectors.pipeline.ImportPipeline;
import org.ahphub.connectors.pipeline.ImportSummary;
import org.ahphub.connectors.pipeline.RejectsSink;
import org.ahphub.connectors.state.CheckpointStore;
import org.ahphub.connectors.state.OutcomeLedger;
import org.ahphub.connectors.translate.Translator;

/** Runs the real pipeline on a sample, delivering to a test LRS client. */
public final class TestImports {

  public static final Clock CLOCK = Clock.fixed(Instant.parse("2024-07-01T12:00:00Z"), ZoneOffset.UTC);

  private TestImports() {}

  public static ImportSummary run(Translator translator, OutcomeLedger ledger, LrsClient lrs, CheckpointStore store,
      Path file, RejectsSink rejects, int batchSize) throws IOException {
    ImportPipeline pipeline = new ImportPipeline(translator, ledger, lrs, store, rejects, null,
        new ImportPipeline.Settings(batchSize, lrs == null, 100), CLOCK);
    return pipeline.run(ImportInput.ofFile(file, null));
  }
}
