package org.ahphub.sharing.access;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ahphub.platform.identity.OneTimeCodes;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.platform.identity.Secrets;
import org.ahphub.sharing.access.AccessStore.AuditEntry;
import org.ahphub.sharing.access.AccessStore.Grant;
import org.ahphub.sharing.access.AccessStore.Relationship;

/**
 * Who may see whose passport: the one place access is decided. An organisation sees a person only with the
 * person's consent: a relationship (employment, enrolment) it proposed and the person accepted, while it is
 * current, or a live grant the person gave (directly or through a share code), for the grant's purposes.
 * The hub operator ({@code admin}, {@code all}) sees everyone. Every read is audited. A person signs in
 * with OpenID Connect or with a learner token the operator hands over: an opaque bearer token stored only
 * as its SHA-256, revocable, which is also what an OpenID Connect sign-in yields.
 * Relationships, grants and share codes are recorded, decided, ended and listed through this class (the
 * routes never reach the store), so a rule about them has one place to go.
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

  /** The person accepts or declines a proposal naming them; empty when there is no such open proposal. */
  public Future<Optional<Relationship>> decideRelationship(UUID id, UUID personId, boolean accept) {
    return store.decideRelationship(id, personId, accept);
  }

  /** The person ends a relationship they accepted; empty when there is no such current one. */
  public Future<Optional<Relationship>> endRelationshipByPerson(UUID id, UUID personId) {
    return store.endRelationshipByPerson(id, personId);
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

  /**
   * The person grants the organisation access for {@code scopes} until {@code expiresAt}; audited as
   * {@code grant.created}.
   */
  public Future<Grant> grant(UUID personId, UUID organisationId, Instant expiresAt, Set<String> scopes) {
    return store.addGrant(personId, organisationId, expiresAt, scopes)
        .compose(grant -> store.audit(personId, organisationId, null, GRANT_CREATED,
            new JsonObject().put("grantId", grant.id().toString()).put("expiresAt", expiresAt.toString())
                .put("scopes", new io.vertx.core.json.JsonArray(scopes.stream().sorted().toList()))).map(grant));
  }

  /** The person revokes one of their live grants; audited as {@code grant.revoked}. Empty when none matched. */
  public Future<Optional<Grant>> revokeGrant(UUID grantId, UUID personId) {
    return store.revokeGrant(grantId, personId)
        .compose(revoked -> revoked.isEmpty() ? Future.succeededFuture(revoked)
            : store.audit(personId, revoked.get().organisationId(), null, GRANT_REVOKED,
                new JsonObject().put("grantId", revoked.get().id().toString())).map(revoked));
  }

  public Future<List<AccessStore.ShareCode>> shareCodes(UUID personId) {
    return store.shareCodes(personId);
  }

  /** The person withdraws a code nobody redeemed yet; empty when there is no such code. */
  public Future<Optional<AccessStore.ShareCode>> revokeShareCode(UUID id, UUID personId) {
    return store.revokeShareCode(id, personId);
  }

  /** Records a step in the person's audit log (proposals, decisions, share codes): visible to the person. */
  public Future<Void> audit(UUID personId, UUID organisationId, String organisation, String action, JsonObject detail) {
    return store.audit(personId, organisationId, organisation, action, detail);
  }

  /** What was read about the person and delivered about them, after {@code afterSeq}, at most {@code limit}. */
  public Future<List<AuditEntry>> auditOf(UUID personId, long afterSeq, int limit) {
    return store.auditOf(personId, afterSeq, limit);
  }

  /**
   * The hub operator: scope {@code admin} only. The xAPI scope {@code all} is an LRS scope (an LMS may need
   * every xAPI resource of its own store) and gives no view of other organisations' people.
   */
  public static boolean isOperator(Principal principal) {
    return principal.hasAnyScope(Scopes.ADMIN);
  }

  /** What a grant lets an organisation see: the passport (with its gaps and events), or the credentials. */
  public static final String PASSPORT = "passport";
  public static final String CREDENTIALS = "credentials";
  public static final Set<String> PURPOSES = Set.of(PASSPORT, CREDENTIALS);

  /** May the caller see the person's passport, its gaps and its events? */
  public Future<Boolean> maySee(Principal principal, UUID personId) {
    return maySee(principal, personId, PASSPORT);
  }

  /** May the caller see the person's verifiable credentials? */
  public Future<Boolean> mayReadCredentials(Principal principal, UUID personId) {
    return maySee(principal, personId, CREDENTIALS);
  }

  private Future<Boolean> maySee(Principal principal, UUID personId, String purpose) {
    return isOperator(principal) ? Future.succeededFuture(true)
        : store.hasAccess(personId, principal.organisationId(), purpose);
  }

  /**
   * A new share code for the person: returned once, stored as its SHA-256. Sixteen characters of Crockford's
   * base32 (80 random bits) in groups of four, easy to read out over the phone and impossible to guess.
   */
  public Future<IssuedShareCode> issueShareCode(UUID personId, Set<String> scopes, int grantDays, Duration validFor) {
    String code = OneTimeCodes.generate();
    Instant expiresAt = Instant.now().plus(validFor);
    return store.addShareCode(sha256(OneTimeCodes.normalised(code)), personId, scopes, grantDays, expiresAt)
        .map(stored -> new IssuedShareCode(code, stored));
  }

  /** Spends a share code for the organisation: the grant it gives, or empty (unknown, spent, expired, withdrawn). */
  public Future<Optional<AccessStore.Grant>> redeemShareCode(String code, UUID organisationId) {
    String normalised = OneTimeCodes.normalised(code);
    if (normalised.length() != 16) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.redeemShareCode(sha256(normalised), organisationId);
  }

  public record IssuedShareCode(String code, AccessStore.ShareCode stored) {}

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
    return OneTimeCodes.sha256(value);
  }
}
