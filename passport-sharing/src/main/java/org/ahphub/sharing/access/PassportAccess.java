package org.ahphub.sharing.access;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.platform.identity.Secrets;

/**
 * Who may see whose passport. An organisation sees a person while it has a current relationship
 * (employment, enrolment) or a live grant from the person; the hub operator ({@code admin},
 * {@code all}) sees everyone. Every read is audited. A person signs in with a learner token: an
 * opaque bearer token the hub operator hands over, stored only as its SHA-256 and revocable.
 */
public final class PassportAccess {

  public static final String PASSPORT_READ = "passport.read";
  public static final String CREDENTIALS_READ = "credentials.read";
  public static final String PERSON_LOOKUP = "person.lookup";
  public static final String WEBHOOK_DELIVERED = "webhook.delivered";

  private final AccessStore store;

  public PassportAccess(AccessStore store) {
    this.store = store;
  }

  public AccessStore store() {
    return store;
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
