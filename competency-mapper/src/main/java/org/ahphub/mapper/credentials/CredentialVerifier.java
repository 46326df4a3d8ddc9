package org.ahphub.mapper.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.json.JsonObject;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.BitSet;
import java.util.Locale;

/**
 * Checks a credential JWT: that it is a JWS (never {@code alg: none}), ES256, signed by a key in the
 * hub's JWKS, issued by the hub, within its validity dates, and not revoked in the status list.
 * Pure: the keys, the revoked bits and the time are given. The first failing check is the reason.
 */
public final class CredentialVerifier {

  /** The answer; {@code revokedAt} and {@code revocationReason} only for a revoked credential whose record was found. */
  public record Result(boolean verified, String reason, String message, JsonObject credential, Instant revokedAt,
      String revocationReason) {

    public Result(boolean verified, String reason, String message, JsonObject credential) {
      this(verified, reason, message, credential, null, null);
    }

    static Result fail(String reason, String message, JsonObject credential) {
      return new Result(false, reason, message, credential);
    }
  }

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.UK)
      .withZone(ZoneOffset.UTC);

  /** A revoked result that says when (the day, UTC) and why: "revoked on 6 December 2026: issued in error". */
  public static Result revoked(Result result, Instant revokedAt, String reason) {
    String why = reason == null || reason.isBlank() ? "" : ": " + reason;
    return new Result(false, "revoked", "revoked on " + DAY.format(revokedAt) + why, result.credential(), revokedAt,
        reason);
  }

  /** The status-list index a credential carries (it was read once by {@link #verify}); -1 without one. */
  public static int statusIndex(JsonObject credential) {
    JsonObject status = credential == null ? null : credential.getJsonObject("credentialStatus");
    try {
      return status == null ? -1 : Integer.parseInt(status.getString("statusListIndex"));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private final String issuer;

  public CredentialVerifier(String issuer) {
    this.issuer = issuer;
  }

  public Result verify(String token, JWKSet keys, BitSet revoked, Instant now) {
    JOSEObject parsed;
    try {
      parsed = JOSEObject.parse(token == null ? "" : token.trim());
    } catch (ParseException e) {
      return Result.fail("malformed", "not a compact JWS: " + e.getMessage(), null);
    }
    if (parsed instanceof PlainObject) {
      return Result.fail("alg-none", "unsigned credential (alg: none) is never accepted", null);
    }
    if (!(parsed instanceof JWSObject jws)) {
      return Result.fail("malformed", "not a JWS", null);
    }
    if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
      return Result.fail("unsupported-algorithm", "alg " + jws.getHeader().getAlgorithm() + " is not accepted; the hub signs with ES256", null);
    }
    JsonObject credential;
    try {
      credential = new JsonObject(jws.getPayload().toString());
    } catch (RuntimeException e) {
      return Result.fail("malformed", "the payload is not a JSON credential", null);
    }
    String kid = jws.getHeader().getKeyID();
    JWK key = kid == null ? null : keys.getKeyByKeyId(kid);
    if (!(key instanceof ECKey ecKey)) {
      return Result.fail("unknown-key", "the signing key " + kid + " is not in the hub's JWKS (wrong key)", credential);
    }
    try {
      if (!jws.verify(new ECDSAVerifier(ecKey.toPublicJWK()))) {
        return Result.fail("signature-invalid",
            "the signature does not verify with key " + kid + ": the credential was altered or signed with another key", credential);
      }
    } catch (JOSEException e) {
      return Result.fail("signature-invalid", "the signature cannot be checked: " + e.getMessage(), credential);
    }
    Object issuerValue = credential.getValue("issuer");
    String issuerId = issuerValue instanceof JsonObject object ? object.getString("id") : String.valueOf(issuerValue);
    if (!issuer.equals(issuerId)) {
      return Result.fail("wrong-issuer", "issued by " + issuerId + ", not by this hub (" + issuer + ")", credential);
    }
    try {
      String validFrom = credential.getString("validFrom");
      if (validFrom != null && Instant.parse(validFrom).isAfter(now)) {
        return Result.fail("not-yet-valid", "valid only from " + validFrom, credential);
      }
      String validUntil = credential.getString("validUntil");
      if (validUntil != null && !Instant.parse(validUntil).isAfter(now)) {
        return Result.fail("expired", "expired at " + validUntil, credential);
      }
    } catch (RuntimeException e) {
      return Result.fail("malformed", "validFrom/validUntil are not ISO 8601 instants", credential);
    }
    JsonObject status = credential.getJsonObject("credentialStatus");
    if (status != null) {
      int index;
      try {
        index = Integer.parseInt(status.getString("statusListIndex"));
      } catch (RuntimeException e) {
        return Result.fail("malformed", "credentialStatus.statusListIndex is not a number", credential);
      }
      if (revoked.get(index)) {
        return Result.fail("revoked", "revoked: bit " + index + " is set in the status list", credential);
      }
    }
    return new Result(true, null, "signature, issuer key, validity dates and status all check out", credential);
  }
}
