package org.ahphub.connectors.jobs;

import org.ahphub.connectors.pipeline.Reject;

/** A stored reject and its position in the job's rejects (1-based, file order). */
public record NumberedReject(int position, Reject reject) {}
