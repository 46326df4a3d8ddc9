package org.ahphub.connectors.jobs;

import java.time.Instant;

/** An organisation's mapping file for a source, as uploaded and checked: its name, text and entry count. */
public record StoredMapping(String fileName, String content, int entries, Instant updatedAt, String updatedBy) {}
