package org.ahphub.platform.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Generates secrets and stores only slow, salted hashes of them (PBKDF2-HMAC-SHA256). */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ITERATIONS = 60_000;

  private Secrets() {}

  /** 32 random bytes, URL-safe base64: what an organisation is given once. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(pbkdf2(secret, salt, ITERATIONS));
  }

  public static boolean matches(String secret, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, pbkdf2(secret, salt, Integer.parseInt(parts[1])));
  }

  /**
   * Runs the same PBKDF2 as {@link #matches} against a hash no secret matches, and answers false: a
   * check of an unknown key then takes as long as one of a known key with a wrong secret.
   */
  public static boolean matchesNoCredential(String secret) {
    matches(secret, Unknown.HASH);
    return false;
  }

  /** Made on first use, on the worker that first checks an unknown key (it costs one PBKDF2). */
  private static final class Unknown {
    static final String HASH = hash(generate());
  }

  /**
   * Why a key or secret cannot be a credential, or null when it can: a NUL or another control
   * character (PostgreSQL text refuses NUL; control characters forge log lines), or over
   * {@code maxLength} characters.
   */
  public static String unusable(String value, int maxLength) {
    if (value.length() > maxLength) {
      return "longer than " + maxLength + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return "contains a control character (U+" + String.format("%04X", (int) c) + ")";
      }
    }
    return null;
  }

  /** One digest per thread: looking the algorithm up for every request cost as much as the hashing. */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  /** A fast fingerprint used only as an in-memory cache key, never stored. */
  static byte[] fingerprint(String key, String secret) {
    // digest() resets the instance, so the next caller on this thread starts clean.
    return SHA_256.get().digest((key + '\0' + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException(e);
    }
  }
}
