package org.ahphub.connectors.http;

import io.micrometer.core.instrument.Counter;
import org.ahphub.connectors.pipeline.ImportSummary;
import org.ahphub.platform.metrics.ServiceMetrics;

/** The upload service's series: rows of uploaded files by outcome, statements stored, imports ended. */
record ImportMetrics(Counter rowsRead, Counter rowsRejected, Counter rowsSkipped, Counter statementsStored,
    Counter importsFinished, Counter importsFailed) {

  static ImportMetrics of(ServiceMetrics metrics) {
    String rows = "ahp.import.rows";
    String rowsDescription = "rows of uploaded files by outcome: read, rejected (listed in the import's rejects), "
        + "skipped (before the checkpoint)";
    return new ImportMetrics(
        metrics.counter(rows, rowsDescription, "outcome", "read"),
        metrics.counter(rows, rowsDescription, "outcome", "rejected"),
        metrics.counter(rows, rowsDescription, "outcome", "skipped"),
        metrics.counter("ahp.import.statements.stored",
            "statements translated from uploaded rows that the LRS stored (new to it)"),
        metrics.counter("ahp.imports", "imports that ended, by outcome", "outcome", "finished"),
        metrics.counter("ahp.imports", "imports that ended, by outcome", "outcome", "failed"));
  }

  /** Counts a finished import. */
  void finished(ImportSummary summary) {
    rowsRead.increment(summary.rowsRead());
    rowsRejected.increment(summary.rowsRejected());
    rowsSkipped.increment(summary.rowsSkipped());
    statementsStored.increment(summary.statementsStored());
    (summary.error() == null ? importsFinished : importsFailed).increment();
  }
}
