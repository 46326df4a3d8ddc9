package org.ahphub.connectors.jobs;

import java.time.Instant;
import java.util.UUID;

/** An accepted upload about to be queued: who sent it, what it is, and its content's SHA-256. */
public record NewJob(UUID id, UUID organisationId, String credentialKey, String source, String inputName,
    String fingerprint, long bytes, Instant createdAt) {}
