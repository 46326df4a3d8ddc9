package org.ahphub.platform.identity;

/**
 * Missing, malformed, unknown or wrong credentials. Deliberately says no more than that. Answered
 * with {@link #status()} (401); its one subclass, {@link TooManyAttempts}, with 429.
 */
public class AuthenticationFailed extends RuntimeException {
  public AuthenticationFailed(String message) {
    super(message, null, false, false);
  }

  /** The HTTP status to answer with: 401, or 429 for {@link TooManyAttempts}. */
  public int status() {
    return 401;
  }
}
