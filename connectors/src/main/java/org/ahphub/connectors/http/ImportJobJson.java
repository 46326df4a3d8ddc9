package org.ahphub.connectors.http;

import io.vertx.core.json.JsonObject;
import org.ahphub.connectors.jobs.JobStatus;
import org.ahphub.connectors.jobs.StoredJob;

/**
 * A job as the import API shows it. {@code rows} counts rows of the file (read, stored, already imported,
 * rejected); {@code message} says in plain words what happened ("already imported: no changes" when a
 * re-upload added nothing); {@code counts} keeps the statement-level detail.
 */
final class ImportJobJson {

  private ImportJobJson() {}

  /** The job; with {@code detail}, its first rejects too (the history leaves them out). */
  static JsonObject of(StoredJob job, boolean detail) {
    JsonObject json = new JsonObject()
        .put("id", job.id().toString())
        .put("source", job.source())
        .put("input", job.inputName())
        .put("bytes", job.bytes())
        .put("uploadedBy", job.credentialKey())
        .put("status", job.status().name())
        .put("statusUrl", ImportApiVerticle.statusUrl(job.id()))
        .put("createdAt", job.createdAt().toString());
    if (job.startedAt() != null) {
      json.put("startedAt", job.startedAt().toString());
    }
    if (job.finishedAt() != null) {
      json.put("finishedAt", job.finishedAt().toString());
    }
    JsonObject s = job.summary();
    json.put("message", message(job));
    if (s != null) {
      json.put("rows", s.getJsonObject("rows"));
      json.put("counts", s.getJsonObject("counts"));
      json.put("resumedAfterRecord", s.getLong("resumedAfterRecord"));
      if (detail) {
        json.put("rejects", s.getJsonArray("rejects"));
        json.put("rejectsNotListed", s.getLong("rejectsNotListed"));
      }
    }
    json.put("rejectsUrl", ImportApiVerticle.statusUrl(job.id()) + "/rejects.csv");
    if (job.finished() && (s != null || job.status() == JobStatus.failed)) {
      json.put("exitCode", job.status().exitCode());
    }
    if (job.error() != null) {
      json.put("error", job.error());
    }
    return json;
  }

  private static String message(StoredJob job) {
    JsonObject s = job.summary();
    return switch (job.status()) {
      case queued -> "waiting to start";
      case running -> s == null ? "starting" : "importing: " + s.getJsonObject("rows").getLong("read") + " rows read so far";
      case failed -> "not imported: " + (job.error() != null ? job.error() : "failed");
      default -> s != null ? s.getString("message") : job.status().name();
    };
  }
}
