package org.ahphub.lrs.service;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signed statements (xAPI Data 2.6): the signature attachment is a JWS in compact serialisation whose
 * algorithm is RS256, RS384 or RS512 and whose payload is the statement as it was before the
 * signature was attached. When the JWS header carries an {@code x5c} chain the signature is verified
 * with the first certificate's key.
 */
final class SignedStatements {

  private static final Map<String, String> ALGORITHMS =
      Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");
  private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)S$");

  private SignedStatements() {}

  static void verify(JsonObject statement, Buffer jws, String path) {
    String[] parts = jws.toString(StandardCharsets.US_ASCII).trim().split("\\.");
    if (parts.length != 3) {
      throw bad(path, "the signature is not a JWS in compact serialisation");
    }
    JsonObject header = json(parts[0], path, "header");
    String algorithm = header.getString("alg");
    if (!ALGORITHMS.containsKey(algorithm)) {
      throw bad(path, "the JWS algorithm must be RS256, RS384 or RS512, not " + algorithm);
    }
    JsonObject payload = json(parts[1], path, "payload");
    if (!normalised(payload).equals(normalised(statement))) {
      throw bad(path, "the JWS payload is not the statement that carries it");
    }
    if (header.getValue("x5c") instanceof JsonArray chain && !chain.isEmpty()) {
      verifySignature(algorithm, chain.getString(0), parts, path);
    }
  }

  private static void verifySignature(String algorithm, String certificate, String[] parts, String path) {
    try {
      X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(certificate)));
      Signature verifier = Signature.getInstance(ALGORITHMS.get(algorithm));
      verifier.initVerify(x509.getPublicKey());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        throw bad(path, "the JWS signature does not verify with the x5c certificate");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw bad(path, "the JWS signature or its x5c certificate is malformed");
    }
  }

  /** The statement as compared with the payload: without what the LRS or the signing adds. */
  private static JsonObject normalised(JsonObject statement) {
    JsonObject copy = statement.copy();
    for (String property : new String[] {"attachments", "authority", "stored", "version"}) {
      copy.remove(property);
    }
    StatementService.normalise(copy);
    if (copy.getValue("result") instanceof JsonObject result && result.getValue("duration") instanceof String d) {
      result.put("duration", hundredths(d));
    }
    return copy;
  }

  /** Durations compare to 0.01 s precision (xAPI 2.0.0, 4.2.7). */
  static String hundredths(String duration) {
    Matcher seconds = SECONDS.matcher(duration);
    if (!seconds.find()) {
      return duration;
    }
    BigDecimal value = new BigDecimal(seconds.group(1)).setScale(2, RoundingMode.DOWN).stripTrailingZeros();
    return duration.substring(0, seconds.start(1)) + value.toPlainString() + "S";
  }

  private static JsonObject json(String base64url, String path, String what) {
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw bad(path, "the JWS " + what + " is not base64url-encoded JSON");
    }
  }

  private static XapiException.BadRequest bad(String path, String message) {
    return new XapiException.BadRequest("signature.invalid", path, message);
  }
}
