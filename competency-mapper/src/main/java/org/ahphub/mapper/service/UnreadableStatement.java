package org.ahphub.mapper.service;

/** A statement event that no retry can apply: it goes to the dead-letter topic with this reason. */
public final class UnreadableStatement extends RuntimeException {

  public UnreadableStatement(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }
}
