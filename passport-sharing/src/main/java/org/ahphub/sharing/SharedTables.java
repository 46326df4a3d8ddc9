package org.ahphub.sharing;

import java.util.List;

/**
 * The seam between passport sharing and the competency mapper in the database. Both live in the one
 * {@code mapper} schema with one Flyway history (the mapper's {@code db/mapper} migrations); these are the
 * only tables one side reads or writes that the other owns. Anything not named here belongs to one side alone.
 */
public final class SharedTables {

  private SharedTables() {}

  /**
   * The mapper's people ({@code id}, {@code merged_into}): sharing follows a merged person id to its survivor
   * when deciding access.
   */
  public static final String PERSON = "mapper.person";

  /**
   * The mapper's person index ({@code identifier_key}, {@code person_id}): sharing matches relationships
   * recorded by xAPI identifier and lists a person's identifiers.
   */
  public static final String PERSON_IDENTIFIER = "mapper.person_identifier";

  /**
   * Sharing's relationships ({@code person_id}): moved to the survivor inside the mapper's merge transaction
   * ({@link PassportSharing#moveToSurvivor}).
   */
  public static final String RELATIONSHIP = "mapper.relationship";

  /** Sharing's grants ({@code person_id}): moved to the survivor inside the mapper's merge transaction. */
  public static final String PERSON_GRANT = "mapper.person_grant";

  /** Every shared table with the columns the other side relies on, as {@code table.column}. */
  public static final List<String> COLUMNS = List.of(
      PERSON + ".id", PERSON + ".merged_into",
      PERSON_IDENTIFIER + ".identifier_key", PERSON_IDENTIFIER + ".person_id",
      RELATIONSHIP + ".person_id", PERSON_GRANT + ".person_id");
}
