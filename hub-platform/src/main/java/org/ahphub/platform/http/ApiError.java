package org.ahphub.platform.http;

/** A request the API refuses, with the HTTP status to send. Mapped to JSON in one place. */
public final class ApiError extends RuntimeException {

  private final int status;

  public ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
