package org.ahphub.sharing.access;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Relationships, grants, learner tokens and the audit log, in the mapper's schema. */
public interface AccessStore {

  record Relationship(UUID id, UUID organisationId, UUID personId, String identifierKey, String kind,
      Instant startsAt, Instant endsAt, Instant createdAt) {}

  record Grant(UUID id, UUID personId, UUID organisationId, Instant expiresAt, Instant revokedAt, Instant createdAt) {}

  record AuditEntry(long seq, UUID organisationId, String organisation, String action, JsonObject detail, Instant at) {}

  /** A current relationship or a live grant between the organisation and the person. */
  Future<Boolean> hasAccess(UUID personId, UUID organisationId);

  Future<Relationship> addRelationship(Relationship relationship);

  /** Ends a relationship at {@code endsAt}; {@code organisationId} null means any organisation (admin). */
  Future<Optional<Relationship>> endRelationship(UUID id, UUID organisationId, Instant endsAt);

  Future<List<Relationship>> relationships(UUID organisationId);

  /** Every relationship naming the person, directly or by one of their identifiers, past ones included. */
  Future<List<Relationship>> relationshipsOf(UUID personId);

  /** The identifier keys ({@link org.ahphub.xapi.Actors}) linked to the person. */
  Future<List<String>> identifiersOf(UUID personId);

  Future<Grant> addGrant(UUID personId, UUID organisationId, Instant expiresAt);

  Future<Optional<Grant>> revokeGrant(UUID id, UUID personId);

  Future<List<Grant>> grants(UUID personId);

  Future<Void> addLearnerToken(String tokenHash, UUID personId, Instant expiresAt);

  Future<Optional<UUID>> personForToken(String tokenHash);

  Future<Void> audit(UUID personId, UUID organisationId, String organisation, String action, JsonObject detail);

  Future<List<AuditEntry>> auditOf(UUID personId, long afterSeq, int limit);
}
