package org.ahphub.sharing;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/**
 * The port through which sharing finds the person an OpenID Connect sign-in names; the competency mapper owns
 * the person index and implements it.
 */
@FunctionalInterface
public interface PersonResolver {

  /**
   * The person who holds {@code subjectKey} (the issuer's subject, as an xAPI account identifier key). When
   * nobody does: the person who holds {@code verifiedEmailKey} (an {@code mbox} key of an address the issuer
   * verified), who then gains {@code subjectKey}; when nobody holds either, a new person holding both. Each
   * identifier added is recorded as asserted by the sign-in. Never merges two existing people.
   */
  Future<UUID> personForSignIn(String subjectKey, Optional<String> verifiedEmailKey);
}
