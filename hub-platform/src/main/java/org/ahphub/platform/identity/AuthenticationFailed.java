package org.ahphub.platform.identity;

/**
 * Missing, malformed, unknown or wrong credentials. Deliberately says no more than that. Answered
 * with {@link #status()} (401); its one subclass, {@link TooManyAttempts}, with 429.
 */
public class AuthenticationFailed extends RuntimeException {

  private final String scheme;

  /** A failed HTTP Basic authentication (organisation credentials). */
  public AuthenticationFailed(String message) {
    this(message, "Basic");
  }

  /** A failed authentication with {@code scheme} ({@code Basic}, or {@code Bearer} for learner tokens). */
  public AuthenticationFailed(String message, String scheme) {
    super(message, null, false, false);
    this.scheme = scheme;
  }

  /** The scheme the answer's {@code WWW-Authenticate} challenges for. */
  public String scheme() {
    return scheme;
  }

  /** The HTTP status to answer with: 401, or 429 for {@link TooManyAttempts}. */
  public int status() {
    return 401;
  }
}
