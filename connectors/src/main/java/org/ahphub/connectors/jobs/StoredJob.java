package org.ahphub.connectors.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An import job as stored: {@code summary} is the import summary's JSON (rows, counts, first rejects)
 * as of the last progress report, null before the import started.
 */
public record StoredJob(UUID id, String credentialKey, String source, String inputName, long bytes, JobStatus status,
    Instant createdAt, Instant startedAt, Instant finishedAt, JsonObject summary, String error) {

  public boolean finished() {
    return finishedAt != null;
  }
}
