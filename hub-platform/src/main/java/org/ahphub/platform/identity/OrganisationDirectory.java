package org.ahphub.platform.identity;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Administration of organisations and their credentials. A new or rotated secret is returned once,
 * in {@link IssuedCredential}; only its slow hash is stored.
 */
public interface OrganisationDirectory {

  Set<String> KINDS = Set.of("trust", "training-provider", "e-learning-platform", "hub-operator");

  record Organisation(UUID id, String name, String homePage, String kind, Instant createdAt) {}

  record CredentialInfo(String key, UUID organisationId, Set<String> scopes, Instant createdAt, Instant rotatedAt,
      Instant revokedAt) {}

  /** A credential with its secret in clear: shown to the caller once and never again. */
  record IssuedCredential(String key, String secret, UUID organisationId, Set<String> scopes) {}

  /** Creates an organisation; empty when one with that name exists already. */
  Future<Optional<Organisation>> create(String name, String homePage, String kind);

  Future<List<Organisation>> organisations();

  Future<Optional<Organisation>> organisation(UUID id);

  /** A new credential with a generated key and secret. */
  Future<IssuedCredential> issueCredential(UUID organisationId, Set<String> scopes);

  Future<List<CredentialInfo>> credentials(UUID organisationId);

  /** A new secret for an existing, unrevoked credential; empty when there is none with that key. */
  Future<Optional<IssuedCredential>> rotate(String key);

  /** Revokes a credential; false when there was no unrevoked credential with that key. */
  Future<Boolean> revoke(String key);
}
