package org.ahphub.connectors.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What an import did (or, while it runs, has done so far). {@code duplicates} counts statements the
 * LRS already had plus identical repeats within the input; batches whose answer had no
 * {@code X-Hub-Statements-Stored} header are counted in {@code batchesWithoutStoredCount}, and their
 * duplicates are unknown. {@code rejects} holds the first rejects (all of them are in the rejects file).
 */
public record ImportSummary(
    String source,
    String input,
    boolean dryRun,
    boolean finished,
    long rowsRead,
    long rowsSkipped,
    long rowsRejected,
    long statementsPosted,
    long statementsStored,
    long duplicates,
    long batches,
    long batchesWithoutStoredCount,
    long resumedAfterRecord,
    long elapsedMillis,
    List<Reject> rejects,
    long rejectsNotListed,
    String error,
    RowCounts rows) {

  /**
   * The import in rows of the input: {@code read} every row of the file (those skipped by the checkpoint
   * too), {@code stored} rows whose statements the LRS newly stored (in a dry run: would store),
   * {@code alreadyImported} rows the LRS already had (or the checkpoint skipped, or repeated earlier in the
   * file), {@code rejected} rows not imported, {@code nothingToImport} rows that make no statement.
   * {@code estimated}: a batch was partly new and its rows carried different numbers of statements, so
   * stored and already imported are split in proportion.
   */
  public record RowCounts(long read, long stored, long alreadyImported, long rejected, long nothingToImport,
      boolean estimated) {

    public JsonObject json() {
      JsonObject json = new JsonObject().put("read", read).put("stored", stored)
          .put("alreadyImported", alreadyImported).put("rejected", rejected);
      if (nothingToImport > 0) {
        json.put("nothingToImport", nothingToImport);
      }
      if (estimated) {
        json.put("estimated", true);
      }
      return json;
    }
  }

  public static final int EXIT_OK = 0;
  public static final int EXIT_NOT_DELIVERED = 1;
  public static final int EXIT_REJECTS = 2;

  public ImportSummary {
    rejects = List.copyOf(rejects);
  }

  /** 0 all imported, 2 some rows rejected, 1 failed to deliver (or could not read the input). */
  public int exitCode() {
    if (error != null) {
      return EXIT_NOT_DELIVERED;
    }
    return rowsRejected > 0 ? EXIT_REJECTS : EXIT_OK;
  }

  /** What happened, in plain words, for the person who uploaded the file. */
  public String message() {
    if (error != null) {
      return "not imported: " + error;
    }
    if (dryRun) {
      return "dry run: " + rows.stored() + " rows would be stored, " + rows.rejected() + " rejected; nothing was sent";
    }
    if (rows.read() == 0) {
      return "the file has no rows";
    }
    if (rows.stored() == 0 && rows.rejected() == 0 && rows.alreadyImported() > 0) {
      return "already imported: no changes";
    }
    return rows.stored() + (rows.stored() == 1 ? " row" : " rows") + " stored, " + rows.alreadyImported()
        + " already imported, " + rows.rejected() + " rejected";
  }

  public double rowsPerSecond() {
    return elapsedMillis == 0 ? rowsRead * 1000.0 : rowsRead * 1000.0 / elapsedMillis;
  }

  public JsonObject json() {
    JsonObject counts = new JsonObject()
        .put("rowsRead", rowsRead)
        .put("rowsSkipped", rowsSkipped)
        .put("rowsRejected", rowsRejected)
        .put("statementsPosted", statementsPosted)
        .put("statementsStored", batchesWithoutStoredCount > 0 ? null : statementsStored)
        .put("duplicates", duplicates)
        .put("duplicatesKnown", batchesWithoutStoredCount == 0)
        .put("batches", batches);
    JsonArray list = new JsonArray();
    rejects.forEach(r -> list.add(r.json()));
    JsonObject json = new JsonObject()
        .put("source", source)
        .put("input", input)
        .put("dryRun", dryRun)
        .put("rows", rows.json())
        .put("message", message())
        .put("counts", counts)
        .put("resumedAfterRecord", resumedAfterRecord)
        .put("elapsedMillis", elapsedMillis)
        .put("rejects", list)
        .put("rejectsNotListed", rejectsNotListed);
    if (error != null) {
      json.put("error", error);
    }
    return json;
  }
}
