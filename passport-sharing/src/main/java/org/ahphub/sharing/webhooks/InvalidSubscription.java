package org.ahphub.sharing.webhooks;

/** A subscription request the hub refuses; the message names the field ({@code $.url}). */
public final class InvalidSubscription extends RuntimeException {
  public InvalidSubscription(String message) {
    super(message, null, false, false);
  }
}
