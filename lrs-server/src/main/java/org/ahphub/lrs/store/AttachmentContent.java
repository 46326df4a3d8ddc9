package org.ahphub.lrs.store;

import io.vertx.core.buffer.Buffer;

/** The raw content of one attachment, sent as a multipart/mixed part and addressed by its SHA-256. */
public record AttachmentContent(String sha2, String contentType, Buffer content) {}
