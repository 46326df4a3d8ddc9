package org.ahphub.platform.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Codes a person reads out or types (share codes, claim codes): 16 Crockford base-32 characters in groups of
 * four (80 random bits), kept only as the SHA-256 of their normalised form.
 */
public final class OneTimeCodes {

  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private OneTimeCodes() {}

  /** A new code, e.g. {@code 7K2M-Q9XD-4TRB-8HNC}. */
  public static String generate() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        code.append('-');
      }
      code.append(CROCKFORD[random[i] & 31]);
    }
    return code.toString();
  }

  /**
   * As typed: case, spaces and dashes do not matter; I, L and O read as 1, 1 and 0 (Crockford). Empty when it
   * holds anything else, so that it matches no code.
   */
  public static String normalised(String code) {
    if (code == null) {
      return "";
    }
    StringBuilder normal = new StringBuilder();
    for (char c : code.toUpperCase(Locale.ROOT).toCharArray()) {
      char mapped = switch (c) {
        case 'I', 'L' -> '1';
        case 'O' -> '0';
        default -> c;
      };
      if (mapped == '-' || Character.isWhitespace(mapped)) {
        continue;
      }
      if (Arrays.binarySearch(CROCKFORD, mapped) < 0) {
        return "";
      }
      normal.append(mapped);
    }
    return normal.toString();
  }

  /** What is stored of a code: the SHA-256 of its normalised form. */
  public static String hash(String code) {
    return sha256(normalised(code));
  }

  public static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
