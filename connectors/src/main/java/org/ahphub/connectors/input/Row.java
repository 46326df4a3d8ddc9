package org.ahphub.connectors.input;

import java.util.Map;

/**
 * One source record, by canonical field name, with where it came from: the display name of the
 * input, its 1-based record number (data records only), the line it starts on (for JSON input, the
 * record number), and its origin ({@code <input fingerprint>#<record>}), which identifies the record
 * across runs of the same input.
 *
 * <p>A row whose shape is wrong (wrong number of columns, malformed quoting, not a JSON object)
 * carries a {@link #problem()} and no values.
 */
public final class Row {

  private final String input;
  private final long record;
  private final long line;
  private final String fingerprint;
  private final Map<String, String> values;
  private final Map<String, Integer> columns;
  private final String problem;
  private final int problemColumn;

  private Row(String input, long record, long line, String fingerprint, Map<String, String> values,
      Map<String, Integer> columns, String problem, int problemColumn) {
    this.input = input;
    this.record = record;
    this.line = line;
    this.fingerprint = fingerprint;
    this.values = values;
    this.columns = columns;
    this.problem = problem;
    this.problemColumn = problemColumn;
  }

  /** A well-formed row; {@code columns} gives each field's 1-based column (absent for JSON input). */
  public static Row of(String input, long record, long line, String fingerprint,
      Map<String, String> values, Map<String, Integer> columns) {
    return new Row(input, record, line, fingerprint, Map.copyOf(values), Map.copyOf(columns), null, 0);
  }

  public static Row malformed(String input, long record, long line, String fingerprint,
      String problem, int column) {
    return new Row(input, record, line, fingerprint, Map.of(), Map.of(), problem, column);
  }

  /** For tests and callers building rows by hand: a row of plain values. */
  public static Row ofValues(long record, Map<String, String> values) {
    return of("test", record, record + 1, "test", values, Map.of());
  }

  /** The trimmed value, or {@code null} when the field is absent or blank. */
  public String get(String field) {
    String value = values.get(field);
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** 1-based column of the field in a CSV input, 0 when unknown (JSON input, field absent). */
  public int column(String field) {
    return field == null ? 0 : columns.getOrDefault(field, 0);
  }

  public String input() {
    return input;
  }

  public long record() {
    return record;
  }

  public long line() {
    return line;
  }

  public String origin() {
    return fingerprint + "#" + record;
  }

  public String problem() {
    return problem;
  }

  public int problemColumn() {
    return problemColumn;
  }

  public boolean malformed() {
    return problem != null;
  }
}
