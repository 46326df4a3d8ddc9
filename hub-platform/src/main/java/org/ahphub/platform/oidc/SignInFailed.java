package org.ahphub.platform.oidc;

/** A sign-in that cannot complete: bad or replayed state, a refused code, an ID token that does not check out. */
public final class SignInFailed extends RuntimeException {
  public SignInFailed(String message) {
    super(message, null, false, false);
  }
}
