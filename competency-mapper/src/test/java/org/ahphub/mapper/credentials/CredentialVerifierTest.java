package org.ahphub.mapper.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.BitSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every reason a credential is rejected, each on its own. */
class CredentialVerifierTest {

  private static final String ISSUER = "https://hub.example.org";
  private final ECKey key = Jws.newKey();
  private final JWKSet jwks = new JWKSet(key.toPublicJWK());
  private final CredentialVerifier verifier = new CredentialVerifier(ISSUER);
  private final Instant now = Instant.parse("2026-06-01T00:00:00Z");

  private static JsonObject credential(String validUntil, int statusIndex) {
    JsonObject credential = new JsonObject()
        .put("id", "urn:uuid:1").put("issuer", new JsonObject().put("id", ISSUER))
        .put("validFrom", "2026-01-01T00:00:00Z")
        .put("credentialStatus", new JsonObject().put("type", "BitstringStatusListEntry")
            .put("statusListIndex", String.valueOf(statusIndex)));
    return validUntil == null ? credential : credential.put("validUntil", validUntil);
  }

  @Test
  @DisplayName("a credential signed by a JWKS key, by this issuer, in date and not revoked verifies")
  void valid() {
    var result = verifier.verify(Jws.sign(credential("2027-01-01T00:00:00Z", 3), key), jwks, new BitSet(), now);
    assertThat(result.verified()).isTrue();
  }

  @Test
  @DisplayName("tampered: a changed payload fails the signature")
  void tampered() {
    String[] parts = Jws.sign(credential(null, 3), key).split("\\.");
    String changed = Base64.getUrlEncoder().withoutPadding().encodeToString(
        credential("2099-01-01T00:00:00Z", 3).encode().getBytes(StandardCharsets.UTF_8));
    var result = verifier.verify(parts[0] + "." + changed + "." + parts[2], jwks, new BitSet(), now);
    assertThat(result.reason()).isEqualTo("signature-invalid");
  }

  @Test
  @DisplayName("expired: validUntil in the past")
  void expired() {
    var result = verifier.verify(Jws.sign(credential("2026-03-01T00:00:00Z", 3), key), jwks, new BitSet(), now);
    assertThat(result.reason()).isEqualTo("expired");
    assertThat(result.message()).contains("2026-03-01");
  }

  @Test
  @DisplayName("revoked: its bit is set in the status list")
  void revoked() {
    BitSet bits = new BitSet();
    bits.set(3);
    var result = verifier.verify(Jws.sign(credential(null, 3), key), jwks, bits, now);
    assertThat(result.reason()).isEqualTo("revoked");
    assertThat(verifier.verify(Jws.sign(credential(null, 4), key), jwks, bits, now).verified()).isTrue();
  }

  @Test
  @DisplayName("revoked: the answer says on which day (UTC) and why, and the status index it was found by")
  void revokedSaysWhenAndWhy() {
    BitSet bits = new BitSet();
    bits.set(3);
    var result = verifier.verify(Jws.sign(credential(null, 3), key), jwks, bits, now);
    assertThat(CredentialVerifier.statusIndex(result.credential())).isEqualTo(3);
    Instant at = Instant.parse("2026-12-06T23:30:00Z");
    var said = CredentialVerifier.revoked(result, at, "issued in error");
    assertThat(said.verified()).isFalse();
    assertThat(said.reason()).isEqualTo("revoked");
    assertThat(said.message()).isEqualTo("revoked on 6 December 2026: issued in error");
    assertThat(said.revokedAt()).isEqualTo(at);
    assertThat(said.revocationReason()).isEqualTo("issued in error");
    assertThat(said.credential()).isEqualTo(result.credential());
    assertThat(CredentialVerifier.statusIndex(null)).isEqualTo(-1);
  }

  @Test
  @DisplayName("wrong key: a key that is not in the JWKS, or another key under a published kid")
  void wrongKey() {
    ECKey stranger = Jws.newKey();
    assertThat(verifier.verify(Jws.sign(credential(null, 3), stranger), jwks, new BitSet(), now).reason())
        .isEqualTo("unknown-key");
    try {
      ECKey impostor = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
          .keyID(key.getKeyID()).generate();
      assertThat(verifier.verify(Jws.sign(credential(null, 3), impostor), jwks, new BitSet(), now).reason())
          .isEqualTo("signature-invalid");
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("alg none: an unsigned credential is refused, as is any algorithm other than ES256")
  void algNone() {
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        credential(null, 3).encode().getBytes(StandardCharsets.UTF_8));
    assertThat(verifier.verify(header + "." + payload + ".", jwks, new BitSet(), now).reason()).isEqualTo("alg-none");
    String hs256 = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"alg\":\"HS256\",\"kid\":\"" + key.getKeyID() + "\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(verifier.verify(hs256 + "." + payload + ".c2ln", jwks, new BitSet(), now).reason())
        .isEqualTo("unsupported-algorithm");
  }

  @Test
  @DisplayName("another issuer, a future validFrom and garbage are each refused with their reason")
  void otherReasons() {
    JsonObject foreign = credential(null, 3).put("issuer", "https://elsewhere.example");
    assertThat(verifier.verify(Jws.sign(foreign, key), jwks, new BitSet(), now).reason()).isEqualTo("wrong-issuer");
    JsonObject early = credential(null, 3).put("validFrom", "2027-01-01T00:00:00Z");
    assertThat(verifier.verify(Jws.sign(early, key), jwks, new BitSet(), now).reason()).isEqualTo("not-yet-valid");
    assertThat(verifier.verify("not a jwt", jwks, new BitSet(), now).reason()).isEqualTo("malformed");
  }

  @Test
  @DisplayName("the status list encodes bit i as the i-th bit from the left, gzip, multibase base64url, at least 16 KiB")
  void statusList() {
    BitSet bits = new BitSet();
    bits.set(0);
    bits.set(9);
    bits.set(131_071);
    String encoded = StatusList.encode(bits);
    assertThat(encoded).startsWith("u");
    assertThat(StatusList.decode(encoded)).isEqualTo(bits);
  }
}
