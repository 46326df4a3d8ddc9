package org.ahphub.connectors.delivery;

/**
 * A batch was not stored: the LRS refused it (4xx, with its reason), or it kept failing (5xx,
 * network) until the attempts ran out. {@code status} is the last HTTP status, 0 for a network error.
 */
public final class DeliveryException extends Exception {

  private final int status;
  private final int attempts;

  public DeliveryException(String message, int status, int attempts, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.attempts = attempts;
  }

  public int status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }

  public boolean refused() {
    return status >= 400 && status < 500;
  }
}
