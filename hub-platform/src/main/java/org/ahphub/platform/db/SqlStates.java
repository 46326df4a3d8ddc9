package org.ahphub.platform.db;

import io.vertx.pgclient.PgException;

/** Decisions on PostgreSQL errors are made on SQLSTATE codes, never on message text. */
public final class SqlStates {
  public static final String UNIQUE_VIOLATION = "23505";
  public static final String SERIALIZATION_FAILURE = "40001";
  public static final String DEADLOCK_DETECTED = "40P01";

  private SqlStates() {}

  public static boolean is(Throwable failure, String sqlState) {
    return failure instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }

  /**
   * Class 22, data exception: the values themselves cannot be stored (a U+0000 character in text or
   * JSON, a number out of range); retrying cannot help, so it is the caller's error.
   */
  public static boolean isDataException(Throwable failure) {
    return failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22");
  }

  /** Transient conflicts that a retry of the whole transaction resolves. */
  public static boolean isRetryable(Throwable failure) {
    return is(failure, SERIALIZATION_FAILURE) || is(failure, DEADLOCK_DETECTED);
  }
}
