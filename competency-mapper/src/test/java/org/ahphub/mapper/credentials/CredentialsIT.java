package org.ahphub.mapper.credentials;

import static org.ahphub.mapper.SharingHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.SharingHarness;
import org.ahphub.mapper.SharingHarness.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Open Badges 3.0 credentials from real passports: issue, verify online and offline, revoke. */
class CredentialsIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of("HUB_PUBLIC_URL", "https://passports.example.org"));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private record Issued(String personId, Credential employer, JsonObject body) {
    JsonObject first() {
      return body.getJsonArray("credentials").getJsonObject(0);
    }
  }

  private static Issued issuedFor(String competency) throws Exception {
    String mbox = "mailto:vc-" + UUID.randomUUID() + "@example.nhs.uk";
    String personId = hub.credit(mbox, competency);
    Credential employer = hub.organisation("VC Trust " + UUID.randomUUID(), "passport:read", "person:link");
    hub.employ(employer, personId);
    var response = hub.as(employer, "GET", "/passports/" + personId + "/credentials", null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return new Issued(personId, employer, response.bodyAsJsonObject());
  }

  private static JsonObject verify(String jwt) {
    return hub.http.post(hub.mapper.port(), "localhost", "/verify").putHeader("Content-Type", "application/vc+jwt")
        .sendBuffer(io.vertx.core.buffer.Buffer.buffer(jwt)).await().bodyAsJsonObject();
  }

  @Test
  @DisplayName("each held competency x stage is an ES256-signed Open Badges 3.0 AchievementCredential that /verify accepts, with a CLR 2.0 snapshot")
  void issuedAndVerified() throws Exception {
    Issued issued = issuedFor("3.12");
    JsonArray credentials = issued.body().getJsonArray("credentials");
    assertThat(credentials).hasSize(3); // 3.12 spans all three stages
    String jwt = issued.first().getString("jwt");
    SignedJWT parsed = SignedJWT.parse(jwt);
    assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(parsed.getHeader().getKeyID()).isNotBlank();
    JsonObject vc = new JsonObject(parsed.getPayload().toString());
    assertThat(vc.getJsonArray("type")).contains("VerifiableCredential", "AchievementCredential");
    assertThat(vc.getJsonArray("@context").getString(0)).isEqualTo("https://www.w3.org/ns/credentials/v2");
    assertThat(vc.getJsonObject("issuer").getString("id")).isEqualTo("https://passports.example.org");
    JsonObject subject = vc.getJsonObject("credentialSubject");
    assertThat(subject.getString("id")).isEqualTo("urn:uuid:" + issued.personId());
    JsonObject achievement = subject.getJsonObject("achievement");
    assertThat(achievement.getString("description")).isNotBlank();
    assertThat(achievement.getJsonArray("alignment").getJsonObject(0).getString("targetType")).isEqualTo("CFItem");
    assertThat(vc.getJsonArray("evidence")).isNotEmpty();
    assertThat(vc.getJsonObject("credentialStatus").getString("type")).isEqualTo("BitstringStatusListEntry");
    assertThat(jwt).doesNotContain("mailto");

    JsonObject verified = verify(jwt);
    assertThat(verified.getBoolean("verified")).as(verified.encode()).isTrue();

    JsonObject clr = new JsonObject(SignedJWT.parse(issued.body().getString("clr")).getPayload().toString());
    assertThat(clr.getJsonArray("type")).contains("ClrCredential");
    assertThat(clr.getJsonObject("credentialSubject").getJsonArray("verifiableCredential")).hasSize(3);
    assertThat(verify(issued.body().getString("clr")).getBoolean("verified")).isTrue();

    var again = hub.as(issued.employer(), "GET", "/passports/" + issued.personId() + "/credentials", null).bodyAsJsonObject();
    assertThat(again.getJsonArray("credentials").getJsonObject(0).getString("id"))
        .as("the same credential (and status bit) while the competency is held").isEqualTo(issued.first().getString("id"));

    String token = hub.learnerToken(issued.personId());
    var own = hub.asLearner("GET", "/me/credentials", token, null);
    assertThat(own.bodyAsJsonObject().getJsonArray("credentials")).hasSize(3);
    Credential stranger = hub.organisation("No access " + UUID.randomUUID(), "passport:read");
    assertThat(hub.as(stranger, "GET", "/passports/" + issued.personId() + "/credentials", null).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("offline: nimbus-jose-jwt alone checks the signature against the published JWKS and reads the revocation bit from the signed status list")
  void offlineVerification() throws Exception {
    Issued issued = issuedFor("5.6");
    String jwt = issued.first().getString("jwt");
    String jwks = hub.http.get(hub.mapper.port(), "localhost", "/.well-known/jwks.json").send().await().bodyAsString();
    String statusListJwt = hub.http.get(hub.mapper.port(), "localhost", "/credentials/status/1").send().await().bodyAsString();

    assertThat(offlineValid(jwt, jwks, statusListJwt)).isTrue();

    String credentialId = issued.first().getString("id");
    var revoked = hub.asOperator("POST", "/admin/issued-credentials/" + credentialId + "/revoke",
        new JsonObject().put("reason", "issued in error"));
    assertThat(revoked.statusCode()).isEqualTo(200);
    String newStatusList = hub.http.get(hub.mapper.port(), "localhost", "/credentials/status/1").send().await().bodyAsString();
    assertThat(offlineValid(jwt, jwks, newStatusList)).isFalse();
    JsonObject online = verify(jwt);
    assertThat(online.getBoolean("verified")).isFalse();
    assertThat(online.getString("reason")).isEqualTo("revoked");
  }

  /** A verifier that knows nothing of the hub's code: JWKS + status list + nimbus + the JDK. */
  private static boolean offlineValid(String jwt, String jwksJson, String statusListJwt) throws Exception {
    JWKSet jwks = JWKSet.parse(jwksJson);
    SignedJWT credential = SignedJWT.parse(jwt);
    ECKey key = (ECKey) jwks.getKeyByKeyId(credential.getHeader().getKeyID());
    if (key == null || !credential.verify(new ECDSAVerifier(key))) {
      return false;
    }
    JWTClaimsSet claims = credential.getJWTClaimsSet();
    Date now = new Date();
    if (claims.getExpirationTime() != null && claims.getExpirationTime().before(now)
        || claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now)) {
      return false;
    }
    SignedJWT statusList = SignedJWT.parse(statusListJwt);
    ECKey statusKey = (ECKey) jwks.getKeyByKeyId(statusList.getHeader().getKeyID());
    if (!statusList.verify(new ECDSAVerifier(statusKey))) {
      return false;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) claims.getClaim("credentialStatus");
    @SuppressWarnings("unchecked")
    Map<String, Object> listSubject = (Map<String, Object>) statusList.getJWTClaimsSet().getClaim("credentialSubject");
    String encoded = (String) listSubject.get("encodedList");
    byte[] bits;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getUrlDecoder().decode(encoded.substring(1))))) {
      bits = in.readAllBytes();
    }
    int index = Integer.parseInt((String) status.get("statusListIndex"));
    return (bits[index / 8] & (0x80 >>> (index % 8))) == 0;
  }

  @Test
  @DisplayName("a retracted competency (voiding) revokes its credential; a rotated key keeps old credentials verifiable")
  void retractionRevokesAndRotationKeepsOldKeys() throws Exception {
    Issued issued = issuedFor("4.2");
    String jwt = issued.first().getString("jwt");
    var rotation = hub.asOperator("POST", "/admin/signing-keys/rotate", null).bodyAsJsonObject();
    assertThat(rotation.getJsonObject("jwks").getJsonArray("keys").size()).isGreaterThanOrEqualTo(2);
    assertThat(verify(jwt).getBoolean("verified")).as("signed by the retired key, still in the JWKS").isTrue();

    hub.publishPassportEvent(issued.personId(), EventTypes.COMPETENCY_RETRACTED, issued.first().getString("competency"),
        issued.first().getString("stage"));
    JsonObject result = eventually(() -> verify(jwt), r -> !r.getBoolean("verified"));
    assertThat(result.getString("reason")).isEqualTo("revoked");
  }

  @Test
  @DisplayName("/verify says why: tampered, unsigned (alg none), unknown key")
  void verifyReasons() throws Exception {
    String jwt = issuedFor("8.4").first().getString("jwt");
    String[] parts = jwt.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
    String tamperedPayload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replace("urn:uuid:", "urn:uuid:0").getBytes());
    assertThat(verify(parts[0] + "." + tamperedPayload + "." + parts[2]).getString("reason")).isEqualTo("signature-invalid");
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
    assertThat(verify(none + "." + parts[1] + ".").getString("reason")).isEqualTo("alg-none");
    String foreign = Jws.sign(new JsonObject(payload), Jws.newKey());
    assertThat(verify(foreign).getString("reason")).isEqualTo("unknown-key");
    var asJson = hub.http.post(hub.mapper.port(), "localhost", "/verify")
        .sendJsonObject(new JsonObject().put("credential", jwt)).await().bodyAsJsonObject();
    assertThat(asJson.getBoolean("verified")).isTrue();
  }
}
