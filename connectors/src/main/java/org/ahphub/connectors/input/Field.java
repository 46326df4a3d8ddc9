package org.ahphub.connectors.input;

import java.util.List;
import java.util.Locale;

/**
 * A column a source understands: its canonical name, whether the header must have it, and the
 * other header spellings accepted for it. Header names are compared after {@link #normalise}, so
 * {@code "Learner ID"}, {@code "learner_id"} and {@code "learnerId"} are the same column.
 */
public record Field(String name, boolean required, List<String> aliases) {

  public Field {
    aliases = List.copyOf(aliases);
  }

  public static Field required(String name, String... aliases) {
    return new Field(name, true, List.of(aliases));
  }

  public static Field optional(String name, String... aliases) {
    return new Field(name, false, List.of(aliases));
  }

  public boolean matches(String header) {
    String key = normalise(header);
    if (key.equals(normalise(name))) {
      return true;
    }
    for (String alias : aliases) {
      if (key.equals(normalise(alias))) {
        return true;
      }
    }
    return false;
  }

  public static String normalise(String header) {
    return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
