package org.ahphub.sharing.access;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.platform.identity.Secrets;
import org.ahphub.sharing.access.AccessStore.AuditEntry;
import org.ahphub.sharing.access.AccessStore.Grant;
import org.ahphub.sharing.access.AccessStore.Relationship;

/**
 * Who may see whose passport, decided here and nowhere else. An organisation sees a person while it has a
 * current relationship (employment, enrolment) or a live grant from the person; the hub operator
 * ({@code admin}, {@code all}) sees everyone. Every read is audited. A person signs in with a learner
 * token: an opaque bearer token the hub operator hands over, stored only as its SHA-256 and revocable.
 * Relationships and grants are recorded, ended and listed through this class (the routes never reach the
 * store), so a new rule about them (consent, acceptance, provenance) has one place to go.
 */
public final class PassportAccess {

  public static final String PASSPORT_READ = "passport.read";
  public static final String CREDENTIALS_READ = "credentials.read";
  public static final String PERSON_LOOKUP = "person.lookup";
  public static final String WEBHOOK_DELIVERED = "webhook.delivered";
  public static final String GRANT_CREATED = "grant.created";
  public static final String GRANT_REVOKED = "grant.revoked";

  private final AccessStore store;

  public PassportAccess(AccessStore store) {
    this.store = store;
  }

  // ---------------------------------------------------------------- relationships

  public Future<Relationship> addRelationship(Relationship relationship) {
    return store.addRelationship(relationship);
  }

  /** Ends a relationship at {@code endsAt}; {@code organisationId} null means any organisation (admin). */
  public Future<Optional<Relationship>> endRelationship(UUID id, UUID organisationId, Instant endsAt) {
    return store.endRelationship(id, organisationId, endsAt);
  }

  /** The relationships an organisation recorded. */
  public Future<List<Relationship>> relationships(UUID organisationId) {
    return store.relationships(organisationId);
  }

  /** Every relationship naming the person, directly or by one of their identifiers, past ones included. */
  public Future<List<Relationship>> relationshipsOf(UUID personId) {
    return store.relationshipsOf(personId);
  }

  /** The identifier keys linked to the person. */
  public Future<List<String>> identifiersOf(UUID personId) {
    return store.identifiersOf(personId);
  }

  // ---------------------------------------------------------------- grants and the audit log

  public Future<List<Grant>> grants(UUID personId) {
    return store.grants(personId);
  }

  /** The person grants the organisation access until {@code expiresAt}; audited as {@code grant.created}. */
  public Future<Grant> grant(UUID personId, UUID organisationId, Instant expiresAt) {
    return store.addGrant(personId, organisationId, expiresAt)
        .compose(grant -> store.audit(personId, organisationId, null, GRANT_CREATED,
            new JsonObject().put("grantId", grant.id().toString()).put("expiresAt", expiresAt.toString())).map(grant));
  }

  /** The person revokes one of their live grants; audited as {@code grant.revoked}. Empty when none matched. */
  public Future<Optional<Grant>> revokeGrant(UUID grantId, UUID personId) {
    return store.revokeGrant(grantId, personId)
        .compose(revoked -> revoked.isEmpty() ? Future.succeededFuture(revoked)
            : store.audit(personId, revoked.get().organisationId(), null, GRANT_REVOKED,
                new JsonObject().put("grantId", revoked.get().id().toString())).map(revoked));
  }

  /** What was read about the person and delivered about them, after {@code afterSeq}, at most {@code limit}. */
  public Future<List<AuditEntry>> auditOf(UUID personId, long afterSeq, int limit) {
    return store.auditOf(personId, afterSeq, limit);
  }

  public static boolean isOperator(Principal principal) {
    return principal.hasAnyScope(Scopes.ADMIN, Scopes.ALL);
  }

  public Future<Boolean> maySee(Principal principal, UUID personId) {
    return isOperator(principal) ? Future.succeededFuture(true) : store.hasAccess(personId, principal.organisationId());
  }

  public Future<Void> recordRead(Principal principal, UUID personId, String action, JsonObject detail) {
    return store.audit(personId, principal.organisationId(), principal.organisationName(), action,
        detail.copy().put("credential", principal.credentialKey()));
  }

  /** A new learner token for the person, valid for {@code validFor}: returned once. */
  public Future<IssuedToken> issueLearnerToken(UUID personId, Duration validFor) {
    String token = "lt_" + Secrets.generate();
    Instant expiresAt = Instant.now().plus(validFor);
    return store.addLearnerToken(sha256(token), personId, expiresAt).map(v -> new IssuedToken(token, personId, expiresAt));
  }

  public Future<Optional<UUID>> learner(String token) {
    return store.personForToken(sha256(token));
  }

  public record IssuedToken(String token, UUID personId, Instant expiresAt) {}

  static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
