package org.ahphub.connectors.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One input to import: a display name (used in rejects and for the checkpoint file), the SHA-256
 * of its content (a checkpoint applies only to the same content), its format, and how to open it.
 */
public record ImportInput(String name, String fingerprint, InputFormat format, Opener opener) {

  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** A file, hashed once (streaming) before the import reads it again. */
  public static ImportInput ofFile(Path file, InputFormat format) throws IOException {
    return ofFile(file, file.getFileName().toString(), format);
  }

  /** A file under another display name (an upload saved to a temporary file). */
  public static ImportInput ofFile(Path file, String name, InputFormat format) throws IOException {
    MessageDigest sha256 = sha256();
    byte[] head = new byte[512];
    int headLength;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
      headLength = in.readNBytes(head, 0, head.length);
      byte[] buffer = new byte[64 * 1024];
      while (in.read(buffer) >= 0) {
        // digesting
      }
    }
    InputFormat chosen = format != null ? format
        : InputFormat.detect(name, Arrays.copyOf(head, headLength));
    return new ImportInput(name, HexFormat.of().formatHex(sha256.digest()), chosen,
        () -> Files.newInputStream(file));
  }

  /** Content already in memory (an upload). */
  public static ImportInput ofBytes(String name, byte[] content, InputFormat format) {
    InputFormat chosen = format != null ? format
        : InputFormat.detect(name, Arrays.copyOf(content, Math.min(content.length, 512)));
    String fingerprint = HexFormat.of().formatHex(sha256().digest(content));
    return new ImportInput(name, fingerprint, chosen, () -> new ByteArrayInputStream(content));
  }

  /** The first 16 hex digits: enough to tell inputs apart in record origins. */
  public String shortFingerprint() {
    return fingerprint.substring(0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
