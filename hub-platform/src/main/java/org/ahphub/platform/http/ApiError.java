package org.ahphub.platform.http;

/**
 * A request the API refuses, with the HTTP status to send. Mapped to problem details ({@link Problem}) in one
 * place, {@link Problems#failureHandler}.
 */
public final class ApiError extends RuntimeException {

  private final int status;

  public ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** As problem details: {@code about:blank}, the message as {@code detail}. */
  public Problem problem() {
    return Problem.of(status, getMessage());
  }
}
