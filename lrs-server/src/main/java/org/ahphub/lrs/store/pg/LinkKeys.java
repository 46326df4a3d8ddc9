package org.ahphub.lrs.store.pg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The key of a link row (statement_agent, statement_activity): the first 16 bytes of SHA-256 over the
 * UTF-8 agent key or activity IRI, as a uuid. A fixed 16 bytes keeps those indexes a third of the size
 * the text made them. Migration V8 computes the same in SQL for the rows stored before it.
 */
final class LinkKeys {

  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  private LinkKeys() {}

  /** The hash of {@code key}, or null for null (no such filter). */
  static UUID hash(String key) {
    if (key == null) {
      return null;
    }
    ByteBuffer digest = ByteBuffer.wrap(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    return new UUID(digest.getLong(), digest.getLong());
  }
}
