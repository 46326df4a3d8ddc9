package org.ahphub.connectors.input;

import java.util.List;

/**
 * The input as a whole cannot be imported (header without the required columns, not CSV or JSON,
 * unreadable). Carries every problem found, not just the first.
 */
public final class InputException extends Exception {

  private final List<String> problems;

  public InputException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public InputException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  public static InputException of(String problem) {
    return new InputException(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
