package org.ahphub.sharing.access;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Relationships, grants, share codes, learner tokens and the audit log, in the mapper's schema. */
public interface AccessStore {

  /**
   * A relationship an organisation proposed; it lets the organisation see the person only once the person
   * accepted it ({@code status} {@code accepted}) and while it is current.
   */
  record Relationship(UUID id, UUID organisationId, UUID personId, String identifierKey, String kind,
      Instant startsAt, Instant endsAt, Instant createdAt, String status, Instant decidedAt) {

    public boolean current(Instant now) {
      return !startsAt.isAfter(now) && (endsAt == null || endsAt.isAfter(now));
    }
  }

  record Grant(UUID id, UUID personId, UUID organisationId, Instant expiresAt, Instant revokedAt, Instant createdAt,
      Set<String> scopes) {}

  record ShareCode(UUID id, UUID personId, Set<String> scopes, int grantDays, Instant expiresAt, UUID redeemedBy,
      Instant redeemedAt, Instant revokedAt, Instant createdAt) {}

  record AuditEntry(long seq, UUID organisationId, String organisation, String action, JsonObject detail, Instant at) {}

  /** An accepted current relationship or a live grant of {@code purpose} between the organisation and the person. */
  Future<Boolean> hasAccess(UUID personId, UUID organisationId, String purpose);

  Future<Relationship> addRelationship(Relationship relationship);

  /** Ends a relationship at {@code endsAt}; {@code organisationId} null means any organisation (admin). */
  Future<Optional<Relationship>> endRelationship(UUID id, UUID organisationId, Instant endsAt);

  /** The person accepts or declines a proposal naming them; empty when there is no such open proposal. */
  Future<Optional<Relationship>> decideRelationship(UUID id, UUID personId, boolean accept);

  /** The person ends a relationship they accepted; empty when there is no such current one. */
  Future<Optional<Relationship>> endRelationshipByPerson(UUID id, UUID personId);

  Future<List<Relationship>> relationships(UUID organisationId);

  /** Every relationship naming the person, directly or by one of their identifiers, past ones included. */
  Future<List<Relationship>> relationshipsOf(UUID personId);

  /** The identifier keys ({@link org.ahphub.xapi.Actors}) linked to the person. */
  Future<List<String>> identifiersOf(UUID personId);

  Future<Grant> addGrant(UUID personId, UUID organisationId, Instant expiresAt, Set<String> scopes);

  Future<Optional<Grant>> revokeGrant(UUID id, UUID personId);

  Future<List<Grant>> grants(UUID personId);

  Future<ShareCode> addShareCode(String codeHash, UUID personId, Set<String> scopes, int grantDays, Instant expiresAt);

  /** Spends a live code for the organisation: the grant it gives, or empty for an unknown, spent or expired code. */
  Future<Optional<Grant>> redeemShareCode(String codeHash, UUID organisationId);

  Future<List<ShareCode>> shareCodes(UUID personId);

  Future<Optional<ShareCode>> revokeShareCode(UUID id, UUID personId);

  Future<Void> addLearnerToken(String tokenHash, UUID personId, Instant expiresAt);

  Future<Optional<UUID>> personForToken(String tokenHash);

  Future<Void> audit(UUID personId, UUID organisationId, String organisation, String action, JsonObject detail);

  Future<List<AuditEntry>> auditOf(UUID personId, long afterSeq, int limit);
}
