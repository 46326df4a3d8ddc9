package org.ahphub.connectors.http;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.ahphub.connectors.pipeline.ImportSummary;

/**
 * One upload being imported, as the status endpoint shows it. Written by the worker running the
 * import, read by the event loop: every field that changes is volatile, and the summary is an
 * immutable snapshot.
 */
final class ImportJob {

  enum Status { queued, running, completed, completed_with_rejects, failed }

  private final String id;
  private final String source;
  private final String input;
  private final String owner;
  private final Instant createdAt;
  private volatile Status status = Status.queued;
  private volatile Instant startedAt;
  private volatile Instant finishedAt;
  private volatile ImportSummary summary;
  private volatile String error;

  ImportJob(String id, String source, String input, String owner, Instant createdAt) {
    this.id = id;
    this.source = source;
    this.input = input;
    this.owner = owner;
    this.createdAt = createdAt;
  }

  String id() {
    return id;
  }

  String statusUrl() {
    return "/imports/" + id;
  }

  /** Whether the credential with this key uploaded it. */
  boolean ownedBy(String credentialKey) {
    return owner.equals(credentialKey);
  }

  boolean finished() {
    return finishedAt != null;
  }

  Instant createdAt() {
    return createdAt;
  }

  void started(Instant at) {
    startedAt = at;
    status = Status.running;
  }

  void progress(ImportSummary soFar) {
    summary = soFar;
  }

  void finished(ImportSummary result, Instant at) {
    summary = result;
    error = result.error();
    status = result.error() != null ? Status.failed
        : result.rowsRejected() > 0 ? Status.completed_with_rejects : Status.completed;
    finishedAt = at;
  }

  void failed(String reason, Instant at) {
    error = reason;
    status = Status.failed;
    finishedAt = at;
  }

  JsonObject json() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("source", source)
        .put("input", input)
        .put("status", status.name())
        .put("statusUrl", statusUrl())
        .put("createdAt", createdAt.toString());
    if (startedAt != null) {
      json.put("startedAt", startedAt.toString());
    }
    if (finishedAt != null) {
      json.put("finishedAt", finishedAt.toString());
    }
    ImportSummary s = summary;
    if (s != null) {
      JsonObject detail = s.json();
      json.put("counts", detail.getJsonObject("counts"));
      json.put("resumedAfterRecord", s.resumedAfterRecord());
      json.put("rejects", detail.getJsonArray("rejects"));
      json.put("rejectsNotListed", s.rejectsNotListed());
      if (finishedAt != null) {
        json.put("exitCode", s.exitCode());
      }
    }
    if (error != null) {
      json.put("error", error);
    }
    return json;
  }
}
