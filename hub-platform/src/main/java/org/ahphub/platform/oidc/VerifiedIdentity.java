package org.ahphub.platform.oidc;

import java.util.Optional;

/**
 * Who the issuer says signed in. {@code email} is present only when the issuer says it verified it
 * ({@code email_verified: true}): an unverified address proves nothing and is never used to find a person.
 */
public record VerifiedIdentity(String issuer, String subject, Optional<String> verifiedEmail, Optional<String> name) {}
