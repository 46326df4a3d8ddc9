package org.ahphub.connectors.xapi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic statement ids: UUID version 5 (RFC 9562, SHA-1 name-based) in the hub connectors'
 * namespace, named {@code source|recordKey|event}. The same record always yields the same ids, so
 * importing a file twice stores nothing new, and a later import can name an earlier statement (to
 * void it) without having kept its id.
 */
public final class StatementIds {

  /** The fixed namespace of the hub's connectors. Never change it: every imported id depends on it. */
  public static final UUID NAMESPACE = UUID.fromString("36c2285d-c13e-4c69-9f0e-b788438e595c");

  private StatementIds() {}

  public static String of(String source, String recordKey, String event) {
    return uuid5(NAMESPACE, source + "|" + recordKey + "|" + event).toString();
  }

  public static UUID uuid5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits());
    ns.putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bytes.getLong(), bytes.getLong());
  }
}
