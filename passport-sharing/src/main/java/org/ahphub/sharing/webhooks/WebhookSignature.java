package org.ahphub.sharing.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: secrets are {@code whsec_} + base64 of random bytes; the signature is
 * {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), several separated by spaces.
 */
public final class WebhookSignature {

  private static final SecureRandom RANDOM = new SecureRandom();
  public static final String SECRET_PREFIX = "whsec_";

  private WebhookSignature() {}

  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  /** The {@code webhook-signature} header value: one {@code v1,…} per secret, space-separated. */
  public static String header(List<String> secrets, String id, long timestampSeconds, String body) {
    return secrets.stream().map(secret -> "v1," + sign(secret, id, timestampSeconds, body))
        .collect(Collectors.joining(" "));
  }

  public static String sign(String secret, String id, long timestampSeconds, String body) {
    String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
      byte[] signature = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
