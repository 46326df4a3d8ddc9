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
import java.util.Set;
import java.util.UUID;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.platform.identity.Secrets;

/**
 * Who may see whose passport: the one place access is decided. An organisation sees a person only with the
 * person's consent: a relationship (employment, enrolment) it proposed and the person accepted, while it is
 * current, or a live grant the person gave (directly or through a share code), for the grant's purposes.
 * The hub operator ({@code admin}, {@code all}) sees everyone. Every read is audited. A person signs in
 * with OpenID Connect or with a learner token the operator hands over: an opaque bearer token stored only
 * as its SHA-256, revocable, which is also what an OpenID Connect sign-in yields.
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
    String code = shareCode();
    Instant expiresAt = Instant.now().plus(validFor);
    return store.addShareCode(sha256(normalisedShareCode(code)), personId, scopes, grantDays, expiresAt)
        .map(stored -> new IssuedShareCode(code, stored));
  }

  /** Spends a share code for the organisation: the grant it gives, or empty (unknown, spent, expired, withdrawn). */
  public Future<Optional<AccessStore.Grant>> redeemShareCode(String code, UUID organisationId) {
    String normalised = normalisedShareCode(code);
    if (normalised.length() != 16) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.redeemShareCode(sha256(normalised), organisationId);
  }

  public record IssuedShareCode(String code, AccessStore.ShareCode stored) {}

  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private static String shareCode() {
    byte[] random = new byte[16];
    new java.security.SecureRandom().nextBytes(random);
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        code.append('-');
      }
      code.append(CROCKFORD[random[i] & 31]);
    }
    return code.toString();
  }

  /** As typed: case, spaces and dashes do not matter; I, L and O read as 1, 1 and 0 (Crockford). */
  static String normalisedShareCode(String code) {
    if (code == null) {
      return "";
    }
    StringBuilder normal = new StringBuilder();
    for (char c : code.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
      char mapped = switch (c) {
        case 'I', 'L' -> '1';
        case 'O' -> '0';
        default -> c;
      };
      if (mapped == '-' || Character.isWhitespace(mapped)) {
        continue;
      }
      if (java.util.Arrays.binarySearch(CROCKFORD, mapped) < 0) {
        return "";
      }
      normal.append(mapped);
    }
    return normal.toString();
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
