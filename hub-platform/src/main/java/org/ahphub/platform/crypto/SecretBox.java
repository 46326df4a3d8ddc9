package org.ahphub.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts secrets the hub must be able to read back (webhook signing secrets, credential signing
 * keys) with AES-256-GCM under {@code HUB_KEY_ENCRYPTION_KEY} (base64 of 32 bytes). Without it a
 * fixed development key is used, which protects nothing: a warning says so at start-up, once per JVM.
 */
public final class SecretBox {

  private static final Logger LOG = LoggerFactory.getLogger(SecretBox.class);
  private static final String PREFIX = "aesgcm1:";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Every service of a one-JVM hub opens its own box; the development-key warning is said once per JVM. */
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final SecretKeySpec key;

  private SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  public static SecretBox fromConfig(String base64Key) {
    if (base64Key == null) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.warn("HUB_KEY_ENCRYPTION_KEY is not set: secrets and signing keys are stored under a development key");
      }
      return new SecretBox(sha256("ahp-hub development key encryption key"));
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("HUB_KEY_ENCRYPTION_KEY must be base64 of 32 bytes");
    }
    if (key.length != 32) {
      throw new IllegalArgumentException("HUB_KEY_ENCRYPTION_KEY must be base64 of 32 bytes, got " + key.length);
    }
    return new SecretBox(key);
  }

  /**
   * A key for one purpose (e.g. MACing sign-in cookies), derived from the key-encryption key with HMAC-SHA256,
   * so every process of the hub derives the same one and the key-encryption key itself is never used twice.
   */
  public byte[] derive(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String seal(String plaintext) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String open(String sealed) {
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalStateException("not a sealed secret");
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, 12));
      return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a stored secret cannot be decrypted: is HUB_KEY_ENCRYPTION_KEY the one it was sealed with?", e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
