package org.ahphub.connectors.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Collects every problem of a row, so a reject lists all of them rather than the first. */
public final class Problems {

  private final List<Problem> found = new ArrayList<>();

  public void add(String field, String reason) {
    found.add(new Problem(field, reason));
  }

  /** Parses an optional value; a parse failure is recorded and gives {@code null}. */
  public <T> T parse(String field, String value, Function<String, T> parser) {
    if (value == null) {
      return null;
    }
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      add(field, e.getMessage());
      return null;
    }
  }

  /** Parses a required value; absence or a parse failure is recorded and gives {@code null}. */
  public <T> T require(String field, String value, String what, Function<String, T> parser) {
    if (value == null) {
      add(field, what + " is missing");
      return null;
    }
    return parse(field, value, parser);
  }

  public boolean any() {
    return !found.isEmpty();
  }

  public List<Problem> list() {
    return List.copyOf(found);
  }
}
