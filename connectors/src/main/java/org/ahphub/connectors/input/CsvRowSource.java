package org.ahphub.connectors.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.connectors.csv.CsvReader;
import org.ahphub.connectors.csv.CsvRecord;

/** Rows of a CSV file whose first record is the header. */
public final class CsvRowSource implements RowSource {

  private final CsvReader reader;
  private final Schema schema;
  private final String input;
  private final String fingerprint;
  private Map<String, Integer> binding;
  private int width;
  private long record;

  public CsvRowSource(InputStream in, Schema schema, String input, String fingerprint) {
    this.reader = CsvReader.utf8(in);
    this.schema = schema;
    this.input = input;
    this.fingerprint = fingerprint;
  }

  @Override
  public Row next() throws IOException, InputException {
    if (binding == null) {
      CsvRecord header = reader.next();
      if (header == null) {
        throw InputException.of("the file is empty: no header line");
      }
      binding = schema.bind(header.fields());
      width = header.fields().size();
    }
    CsvRecord next = reader.next();
    if (next == null) {
      return null;
    }
    record++;
    if (next.malformed()) {
      return Row.malformed(input, record, next.line(), fingerprint, next.problem(), next.problemColumn());
    }
    List<String> fields = next.fields();
    if (fields.size() != width) {
      String problem = "expected " + width + " columns, found " + fields.size();
      int column = Math.min(fields.size(), width) + 1;
      return Row.malformed(input, record, next.line(), fingerprint, problem, column);
    }
    Map<String, String> values = new HashMap<>();
    Map<String, Integer> columns = new HashMap<>();
    binding.forEach((field, index) -> {
      values.put(field, fields.get(index));
      columns.put(field, index + 1);
    });
    return Row.of(input, record, next.line(), fingerprint, values, columns);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
