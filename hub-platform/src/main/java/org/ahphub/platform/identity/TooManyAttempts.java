package org.ahphub.platform.identity;

/**
 * Too many failed credential checks from one client address or for one key: answer 429 with
 * {@code Retry-After: }{@link #retryAfterSeconds()}. It is an {@link AuthenticationFailed}, so a handler
 * that knows only that answers 401 (still refused); one that knows this type answers 429.
 */
public final class TooManyAttempts extends AuthenticationFailed {

  private final long retryAfterSeconds;

  public TooManyAttempts(long retryAfterSeconds) {
    super("too many failed authentication attempts; retry after " + retryAfterSeconds + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whole seconds, at least 1, until the next attempt will be checked. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public int status() {
    return 429;
  }
}
