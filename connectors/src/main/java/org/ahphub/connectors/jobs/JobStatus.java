package org.ahphub.connectors.jobs;

import org.ahphub.connectors.pipeline.ImportSummary;

/** Where an import job is. Finished jobs are completed, completed with rejects, or failed. */
public enum JobStatus {
  queued, running, completed, completed_with_rejects, failed;

  /** The status an import that ran to its end has. */
  public static JobStatus of(ImportSummary summary) {
    return summary.error() != null ? failed : summary.rowsRejected() > 0 ? completed_with_rejects : completed;
  }

  /** The command line's exit code for a finished job: 0 all imported, 2 rows rejected, 1 not delivered. */
  public int exitCode() {
    return switch (this) {
      case completed -> ImportSummary.EXIT_OK;
      case completed_with_rejects -> ImportSummary.EXIT_REJECTS;
      default -> ImportSummary.EXIT_NOT_DELIVERED;
    };
  }
}
