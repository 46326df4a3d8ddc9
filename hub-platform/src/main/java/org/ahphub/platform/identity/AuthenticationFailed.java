package org.ahphub.platform.identity;

/** Missing, malformed, unknown or wrong credentials. Deliberately says no more than that. */
public final class AuthenticationFailed extends RuntimeException {
  public AuthenticationFailed(String message) {
    super(message, null, false, false);
  }
}
