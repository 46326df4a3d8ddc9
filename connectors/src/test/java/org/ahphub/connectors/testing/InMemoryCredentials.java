package org.ahphub.connectors.testing;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ahphub.platform.identity.CredentialStore;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Secrets;

/**
 * The hub's credential table in memory, for the upload endpoint's unit tests (the hub's integration
 * tests use the real one on PostgreSQL).
 */
public final class InMemoryCredentials implements CredentialStore {

  private final Map<String, StoredCredential> byKey = new ConcurrentHashMap<>();

  public InMemoryCredentials with(String key, String secret, String... scopes) {
    return withOrganisation(key, key, secret, scopes);
  }

  /** A credential of the organisation named after {@code organisationKey} (its first credential's key). */
  public InMemoryCredentials withOrganisation(String organisationKey, String key, String secret, String... scopes) {
    Principal principal = new Principal(key, UUID.nameUUIDFromBytes(organisationKey.getBytes()),
        "Organisation " + organisationKey, "https://" + organisationKey + ".example.nhs.uk", Set.of(scopes));
    byKey.put(key, new StoredCredential(key, Secrets.hash(secret), principal));
    return this;
  }

  @Override
  public Future<Optional<StoredCredential>> find(String key) {
    return Future.succeededFuture(Optional.ofNullable(byKey.get(key)));
  }

  @Override
  public Future<UUID> ensure(String organisationName, String homePage, String key, String secret, Set<String> scopes) {
    throw new UnsupportedOperationException();
  }
}
