package org.ahphub.xapi;

/**
 * One broken xAPI rule: which rule, where in the document (a JSON path such as
 * {@code $.actor.mbox}) and what was wrong, in words a developer can act on.
 */
public record Violation(String rule, String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message + " [" + rule + "]";
  }
}
