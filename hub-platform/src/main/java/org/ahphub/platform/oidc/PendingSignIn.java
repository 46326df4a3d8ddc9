package org.ahphub.platform.oidc;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import io.vertx.core.json.JsonObject;

/**
 * A sign-in between the redirect to the issuer and the callback. It travels in an HttpOnly cookie, MAC'd with
 * the hub's key, so any hub process can finish it and nothing is stored per attempt; the {@code state}
 * parameter must equal the one inside, which binds the callback to the browser that started it.
 */
public record PendingSignIn(String state, String nonce, String codeVerifier, String returnTo, Instant expiresAt) {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  public String seal(byte[] key) {
    String body = B64.encodeToString(new JsonObject()
        .put("s", state).put("n", nonce).put("v", codeVerifier).put("r", returnTo)
        .put("e", expiresAt.getEpochSecond()).encode().getBytes(StandardCharsets.UTF_8));
    return body + "." + B64.encodeToString(mac(key, body));
  }

  /** The pending sign-in in a cookie value, if its MAC checks out and it has not expired. */
  public static Optional<PendingSignIn> open(String sealed, byte[] key, Instant now) {
    if (sealed == null) {
      return Optional.empty();
    }
    int dot = sealed.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    try {
      String body = sealed.substring(0, dot);
      if (!MessageDigest.isEqual(mac(key, body), B64D.decode(sealed.substring(dot + 1)))) {
        return Optional.empty();
      }
      JsonObject json = new JsonObject(new String(B64D.decode(body), StandardCharsets.UTF_8));
      PendingSignIn pending = new PendingSignIn(json.getString("s"), json.getString("n"), json.getString("v"),
          json.getString("r"), Instant.ofEpochSecond(json.getLong("e")));
      return pending.expiresAt.isAfter(now) ? Optional.of(pending) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static byte[] mac(byte[] key, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
