package org.ahphub.mapper.credentials;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.framework.Competency;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues Open Badges 3.0 AchievementCredentials (VC data model 2.0) for each competency x stage a
 * person holds, a CLR 2.0 snapshot of the passport, and the Bitstring Status List, all as ES256 JWTs.
 * Keys live in PostgreSQL; rotation adds a key and keeps the old ones in the JWKS.
 */
public final class CredentialIssuer {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialIssuer.class);
  public static final String STATUS_LIST_PATH = "/credentials/status/1";
  private static final JsonArray OB_CONTEXT = new JsonArray().add("https://www.w3.org/ns/credentials/v2")
      .add("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
  private static final JsonArray CLR_CONTEXT = new JsonArray().add("https://www.w3.org/ns/credentials/v2")
      .add("https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json")
      .add("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");

  /**
   * A signed credential and what it says in words: the competency's title, the stage's name, when it was issued,
   * from when it counts and until when (null: no end).
   */
  public record IssuedJwt(UUID id, String competency, String stage, String jwt, String competencyTitle,
      String stageTitle, Instant issuedAt, Instant validFrom, Instant validUntil) {

    public IssuedJwt(UUID id, String competency, String stage, String jwt) {
      this(id, competency, stage, jwt, null, null, null, null, null);
    }
  }

  private final Framework framework;
  private final IssuedCredentialStore store;
  private final String issuer;
  private final CredentialVerifier verifier;
  private final CredentialEvents events;
  private volatile ECKey active;
  private volatile JWKSet publicKeys = new JWKSet();

  public CredentialIssuer(Framework framework, IssuedCredentialStore store, String issuer) {
    this.framework = framework;
    this.store = store;
    this.issuer = issuer;
    this.verifier = new CredentialVerifier(issuer);
    this.events = new CredentialEvents(framework, issuer + STATUS_LIST_PATH);
  }

  public String issuer() {
    return issuer;
  }

  /** Loads the keys, creating the first one on a new hub. */
  public Future<Void> start() {
    return reload().compose(v -> active == null ? rotate() : Future.succeededFuture());
  }

  /** A new signing key; earlier ones are retired but stay in the JWKS so what they signed still verifies. */
  public Future<Void> rotate() {
    ECKey key = Jws.newKey();
    return store.addActiveKey(key.getKeyID(), key.toJSONString(), key.toPublicJWK().toJSONString())
        .compose(v -> reload())
        .onSuccess(v -> LOG.info("credential signing key {} is now active", key.getKeyID()));
  }

  private Future<Void> reload() {
    return store.keys().map(keys -> {
      List<JWK> published = new ArrayList<>();
      ECKey current = null;
      for (IssuedCredentialStore.StoredKey stored : keys) {
        try {
          published.add(JWK.parse(stored.publicJwk()));
          if (stored.retiredAt() == null) {
            current = ECKey.parse(stored.privateJwk());
          }
        } catch (ParseException e) {
          throw new IllegalStateException("stored signing key " + stored.kid() + " is unreadable", e);
        }
      }
      publicKeys = new JWKSet(published);
      active = current;
      return null;
    });
  }

  public JsonObject jwks() {
    return new JsonObject(publicKeys.toJSONObject(true));
  }

  public String activeKeyId() {
    return active.getKeyID();
  }

  /**
   * One signed AchievementCredential per competency x stage currently held in this passport, except those whose
   * credential an operator revoked and no evidence was credited for since.
   */
  public Future<List<IssuedJwt>> credentials(JsonObject passport) {
    UUID personId = UUID.fromString(passport.getString("personId"));
    List<Future<Optional<IssuedJwt>>> issued = new ArrayList<>();
    for (Object c : passport.getJsonArray("competencies", new JsonArray())) {
      JsonObject held = (JsonObject) c;
      Optional<Competency> competency = framework.competency(held.getString("number"));
      if (competency.isEmpty()) {
        continue;
      }
      for (Object s : held.getJsonArray("stages", new JsonArray())) {
        JsonObject stageEntry = (JsonObject) s;
        String status = stageEntry.getString("status", "held");
        Optional<Stage> stage = stage(stageEntry.getString("stage"));
        if (stage.isEmpty() || !(status.equals("held") || status.equals("expiring"))) {
          continue;
        }
        issued.add(issue(personId, competency.get(), stage.get(), stageEntry));
      }
    }
    return Future.all(issued).map(all -> all.<Optional<IssuedJwt>>list().stream().flatMap(Optional::stream).toList());
  }

  private Future<Optional<IssuedJwt>> issue(UUID personId, Competency competency, Stage stage, JsonObject held) {
    JsonArray evidence = held.getJsonArray("evidence", new JsonArray());
    Instant validFrom = evidence.stream().map(e -> ((JsonObject) e).getString("achievedAt"))
        .filter(java.util.Objects::nonNull).map(Instant::parse).min(Instant::compareTo).orElse(Instant.now());
    return store.ensureIssued(personId, competency.number(), stage.code(), validFrom).map(found -> found.map(row -> {
      JsonObject credential = achievementCredential(row, personId, competency, stage, held, evidence);
      String validUntil = credential.getString("validUntil");
      return new IssuedJwt(row.id(), competency.number(), stage.code(), Jws.sign(jwtClaims(credential, personId), active),
          competency.title(), stage.title(), row.issuedAt(), row.validFrom(),
          validUntil == null ? null : Instant.parse(validUntil));
    }));
  }

  private JsonObject achievementCredential(IssuedCredentialStore.Issued row, UUID personId, Competency competency,
      Stage stage, JsonObject held, JsonArray evidence) {
    String indicator = competency.indicator(stage);
    JsonObject achievement = new JsonObject()
        .put("id", competency.stageIri(stage))
        .put("type", new JsonArray().add("Achievement"))
        .put("achievementType", "Competency")
        .put("name", competency.number() + " " + competency.title() + " at " + stage.title())
        .put("description", indicator)
        .put("criteria", new JsonObject().put("narrative", indicator))
        .put("humanCode", competency.number())
        .put("alignment", new JsonArray().add(new JsonObject()
            .put("type", new JsonArray().add("Alignment"))
            .put("targetName", competency.title())
            .put("targetDescription", indicator)
            .put("targetUrl", competency.stageIri(stage))
            .put("targetType", "CFItem")
            .put("targetFramework", framework.iri())
            .put("targetCode", competency.number())));
    JsonArray evidenceJson = new JsonArray();
    for (Object e : evidence) {
      JsonObject item = (JsonObject) e;
      evidenceJson.add(new JsonObject()
          .put("id", "urn:uuid:" + item.getString("statementId"))
          .put("type", new JsonArray().add("Evidence"))
          .put("name", item.getString("title") != null ? item.getString("title")
              : "xAPI statement " + item.getString("statementId"))
          .put("description", item.getString("kind", "learning") + (item.getString("sourceOrganisation") == null
              ? "" : " recorded by " + item.getString("sourceOrganisation"))));
    }
    String statusUrl = issuer + STATUS_LIST_PATH;
    JsonObject credential = new JsonObject()
        .put("@context", OB_CONTEXT.copy())
        .put("id", "urn:uuid:" + row.id())
        .put("type", new JsonArray().add("VerifiableCredential").add("AchievementCredential"))
        .put("issuer", issuerProfile())
        .put("validFrom", row.validFrom().toString())
        .put("name", achievement.getString("name"))
        .put("credentialSubject", new JsonObject()
            .put("id", "urn:uuid:" + personId)
            .put("type", new JsonArray().add("AchievementSubject"))
            .put("achievement", achievement))
        .put("evidence", evidenceJson)
        .put("credentialStatus", new JsonObject()
            .put("id", statusUrl + "#" + row.statusIndex())
            .put("type", "BitstringStatusListEntry")
            .put("statusPurpose", "revocation")
            .put("statusListIndex", String.valueOf(row.statusIndex()))
            .put("statusListCredential", statusUrl));
    String validUntil = held.getString("validUntil");
    if (validUntil != null) {
      credential.put("validUntil", validUntil);
    }
    return credential;
  }

  /** The CLR 2.0 snapshot: every current achievement credential, enveloped, in one signed credential. */
  public String clr(JsonObject passport, List<IssuedJwt> achievements) {
    UUID personId = UUID.fromString(passport.getString("personId"));
    JsonArray enveloped = new JsonArray();
    achievements.forEach(a -> enveloped.add(new JsonObject()
        .put("@context", "https://www.w3.org/ns/credentials/v2")
        .put("id", "data:application/vc+jwt," + a.jwt())
        .put("type", "EnvelopedVerifiableCredential")));
    JsonObject clr = new JsonObject()
        .put("@context", CLR_CONTEXT.copy())
        .put("id", "urn:uuid:" + UUID.randomUUID())
        .put("type", new JsonArray().add("VerifiableCredential").add("ClrCredential"))
        .put("issuer", issuerProfile())
        .put("validFrom", Instant.now().toString())
        .put("name", "AHP support worker skills passport, version " + passport.getValue("version"))
        .put("credentialSubject", new JsonObject()
            .put("id", "urn:uuid:" + personId)
            .put("type", new JsonArray().add("ClrSubject"))
            .put("verifiableCredential", enveloped));
    return Jws.sign(jwtClaims(clr, personId), active);
  }

  /** The status list as its own signed BitstringStatusListCredential. */
  public Future<String> statusListCredential() {
    return store.revokedIndexes().map(bits -> {
      String url = issuer + STATUS_LIST_PATH;
      JsonObject credential = new JsonObject()
          .put("@context", new JsonArray().add("https://www.w3.org/ns/credentials/v2"))
          .put("id", url)
          .put("type", new JsonArray().add("VerifiableCredential").add("BitstringStatusListCredential"))
          .put("issuer", issuerProfile())
          .put("validFrom", Instant.now().toString())
          .put("credentialSubject", new JsonObject()
              .put("id", url + "#list")
              .put("type", "BitstringStatusList")
              .put("statusPurpose", "revocation")
              .put("encodedList", StatusList.encode(bits)));
      return Jws.sign(credential.put("iss", issuer).put("iat", Instant.now().getEpochSecond()), active);
    });
  }

  /** The verifier's answer; for a revoked credential, when and why, from its status-list bit. */
  public Future<CredentialVerifier.Result> verify(String token) {
    return store.revokedIndexes().map(bits -> verifier.verify(token, publicKeys, bits, Instant.now()))
        .compose(result -> {
          if (result.verified() || !"revoked".equals(result.reason())) {
            return Future.succeededFuture(result);
          }
          int index = CredentialVerifier.statusIndex(result.credential());
          return store.status(index).map(status -> status.filter(found -> found.revokedAt() != null)
              .map(found -> CredentialVerifier.revoked(result, found.revokedAt(), found.reason()))
              .orElse(result));
        });
  }

  /** An operator's revocation, with the operator's reason; it stands until new evidence is credited. */
  public Future<Optional<IssuedCredentialStore.Revocation>> revoke(UUID credentialId, String reason) {
    return store.revoke(credentialId, reason, events::revoked).onSuccess(revocation -> revocation
        .filter(IssuedCredentialStore.Revocation::changed)
        .ifPresent(r -> LOG.info("credential {} of person {} ({} {}) revoked by an operator", credentialId,
            r.credential().personId(), r.credential().competency(), r.credential().stage())));
  }

  /**
   * The passport as shown: each competency x stage with a standing operator revocation has status
   * {@code revoked} and {@code credentialRevoked: {"on", "reason", "credential"}}, until evidence for it is credited.
   */
  /**
   * The passport as shown: competency x stages whose credential an operator revoked (and no evidence came since)
   * are {@code revoked}, with when and why, and count towards no stage.
   */
  public Future<Optional<JsonObject>> shown(UUID personId,
      java.util.function.BiFunction<UUID, Set<String>, Future<Optional<JsonObject>>> passport) {
    return store.standingRevocations(personId).compose(standing -> passport.apply(personId, standing.stream()
            .map(r -> r.competency() + "|" + r.stage()).collect(java.util.stream.Collectors.toSet()))
        .map(found -> found.map(p -> decorate(p, standing))));
  }

  private static JsonObject decorate(JsonObject passport, List<IssuedCredentialStore.Standing> standing) {
    for (Object c : passport.getJsonArray("competencies", new JsonArray())) {
      JsonObject competency = (JsonObject) c;
      for (Object s : competency.getJsonArray("stages", new JsonArray())) {
        JsonObject entry = (JsonObject) s;
        standing.stream()
            .filter(r -> r.competency().equals(competency.getString("number")) && r.stage().equals(entry.getString("stage")))
            .findFirst()
            .ifPresent(r -> entry.put("status", "revoked").put("credentialRevoked", new JsonObject()
                .put("on", r.revokedAt().toString()).put("reason", r.reason())
                .put("credential", "urn:uuid:" + r.credentialId())));
      }
    }
    return passport;
  }

  /** What a {@code passport.updates} event says, as far as revocation needs it. */
  public record PassportUpdate(String type, UUID personId, String competencyNumber, String stage) {}

  /**
   * Retracted or expired learning revokes the live credential for that competency x stage (a system revocation:
   * it does not block a new credential when the credit returns). Every other type, {@code credential.revoked}
   * included, is ignored, so the events this writes never come back to it.
   */
  public Future<Void> onPassportEvent(PassportUpdate event) {
    boolean retracted = EventTypes.COMPETENCY_RETRACTED.equals(event.type());
    boolean expired = EventTypes.COMPETENCY_EXPIRED.equals(event.type());
    if (!(retracted || expired) || event.stage() == null || event.competencyNumber() == null) {
      return Future.succeededFuture();
    }
    return store.revokeFor(event.personId(), event.competencyNumber(), event.stage(), retracted ? "voided" : "expired",
        events::revoked).mapEmpty();
  }

  private JsonObject issuerProfile() {
    return new JsonObject().put("id", issuer).put("type", new JsonArray().add("Profile"))
        .put("name", "AHP skills-passport hub");
  }

  /** JWT registered claims alongside the credential, so any JOSE library can check dates offline. */
  private JsonObject jwtClaims(JsonObject credential, UUID personId) {
    JsonObject claims = credential.copy()
        .put("iss", issuer)
        .put("sub", "urn:uuid:" + personId)
        .put("jti", credential.getString("id"))
        .put("iat", Instant.now().getEpochSecond())
        .put("nbf", Instant.parse(credential.getString("validFrom")).getEpochSecond());
    if (credential.getString("validUntil") != null) {
      claims.put("exp", Instant.parse(credential.getString("validUntil")).getEpochSecond());
    }
    return claims;
  }

  private static Optional<Stage> stage(String code) {
    for (Stage stage : Stage.values()) {
      if (stage.code().equals(code)) {
        return Optional.of(stage);
      }
    }
    return Optional.empty();
  }
}
