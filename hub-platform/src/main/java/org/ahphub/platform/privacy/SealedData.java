package org.ahphub.platform.privacy;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.ahphub.platform.privacy.SubjectKeys.DataKey;

/**
 * The personal part of an event (a CloudEvent's {@code data}) sealed with its subject's key: AES-256-GCM, the
 * event id as associated data (a sealed body cannot be moved to another event), carried as
 * {@code {"sealed": {"kid": pseudonym, "ct": base64(iv | ciphertext | tag)}}}.
 */
public final class SealedData {

  public static final String FIELD = "sealed";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedData() {}

  /** The sealed form of {@code json} (JSON text) for event {@code eventId}. */
  public static JsonObject seal(DataKey key, String eventId, String json) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(128, iv));
      cipher.updateAAD(eventId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(json.getBytes(StandardCharsets.UTF_8));
      String ct = Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
      return new JsonObject().put(FIELD, new JsonObject().put("kid", key.kid()).put("ct", ct));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key id of sealed data, or empty when {@code data} is not sealed. */
  public static Optional<String> kid(JsonObject data) {
    return data != null && data.getValue(FIELD) instanceof JsonObject sealed && sealed.getValue("kid") instanceof String kid
        ? Optional.of(kid) : Optional.empty();
  }

  /** The JSON text sealed in {@code data}; empty when the key does not open it (another key, or tampered). */
  public static Optional<String> open(DataKey key, String eventId, JsonObject data) {
    try {
      byte[] bytes = Base64.getDecoder().decode(data.getJsonObject(FIELD).getString("ct"));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(128, bytes, 0, 12));
      cipher.updateAAD(eventId.getBytes(StandardCharsets.UTF_8));
      return Optional.of(new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
