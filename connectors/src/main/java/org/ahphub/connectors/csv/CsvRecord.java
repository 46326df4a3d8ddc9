package org.ahphub.connectors.csv;

import java.util.List;

/**
 * One record of a CSV file: the physical line it starts on (1-based; a quoted field may carry it
 * over several lines), its fields, and, when the record is malformed but the reader could stay in
 * step, what was wrong and in which 1-based column.
 */
public record CsvRecord(long line, List<String> fields, String problem, int problemColumn) {

  public CsvRecord {
    fields = List.copyOf(fields);
  }

  public static CsvRecord of(long line, List<String> fields) {
    return new CsvRecord(line, fields, null, 0);
  }

  public boolean malformed() {
    return problem != null;
  }
}
