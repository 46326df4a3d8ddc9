package org.ahphub.platform.identity;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Organisations and their credentials. */
public interface CredentialStore {

  record StoredCredential(String key, String secretHash, Principal principal) {}

  Future<Optional<StoredCredential>> find(String key);

  /** Creates the organisation (or finds it by name) and the credential if its key is new. */
  Future<UUID> ensure(String organisationName, String homePage, String key, String secret, Set<String> scopes);
}
