package org.ahphub.connectors.translate;

import io.vertx.core.json.JsonObject;
import org.ahphub.connectors.input.Field;
import org.ahphub.connectors.input.Row;

/**
 * A learner's display name from a source's name columns: a full-name column, else given and family names joined.
 * It becomes the actor's {@code name}, which the hub shows to the person and to organisations they let see their
 * passport (the LRS seals statements on Kafka; the name is never logged).
 */
public final class LearnerNames {

  /** The longest name written; longer values are cut. */
  static final int MAX_LENGTH = 120;

  public static final String FULL = "learnerName";
  public static final String GIVEN = "givenNames";
  public static final String FAMILY = "familyName";

  private LearnerNames() {}

  /** The optional name columns, the full-name column answering to {@code fullAliases} too. */
  public static Field[] fields(String... fullAliases) {
    String[] full = new String[fullAliases.length + 4];
    full[0] = "learner name";
    full[1] = "full name";
    full[2] = "display name";
    full[3] = "learner full name";
    System.arraycopy(fullAliases, 0, full, 4, fullAliases.length);
    return new Field[] {
        Field.optional(FULL, full),
        Field.optional(GIVEN, "given name", "given names", "first name", "first names", "forename", "forenames"),
        Field.optional(FAMILY, "family name", "surname", "last name")};
  }

  /** The row's name, or null when it has none. */
  public static String of(Row row) {
    String full = row.get(FULL);
    if (full == null) {
      String given = row.get(GIVEN);
      String family = row.get(FAMILY);
      full = given == null ? family : family == null ? given : given + " " + family;
    }
    if (full == null) {
      return null;
    }
    String name = full.replaceAll("[\\p{Cntrl}\\p{Cf}]", " ").replaceAll("\\s+", " ").strip();
    if (name.length() > MAX_LENGTH) {
      name = name.substring(0, MAX_LENGTH).strip();
    }
    return name.isEmpty() ? null : name;
  }

  /** The agent with the row's name, when it has one (the agent itself, changed). */
  public static JsonObject named(JsonObject agent, Row row) {
    String name = of(row);
    if (name != null) {
      agent.put("name", name);
    }
    return agent;
  }
}
