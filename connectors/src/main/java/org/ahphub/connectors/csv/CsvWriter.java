package org.ahphub.connectors.csv;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes RFC 4180 records (CRLF, fields quoted only when they need it). A writer made
 * {@link #forSpreadsheets} neutralises formula cells: a cell starting with {@code = + - @}, a tab or a
 * carriage return is written with a leading {@code '}, so a spreadsheet shows it as text and never runs it.
 */
public final class CsvWriter implements Closeable, Flushable {

  private final Writer out;
  private final boolean neutraliseFormulas;

  public CsvWriter(Writer out) {
    this(out, false);
  }

  private CsvWriter(Writer out, boolean neutraliseFormulas) {
    this.out = out;
    this.neutraliseFormulas = neutraliseFormulas;
  }

  /** A writer for files people open in a spreadsheet: formula cells neutralised. */
  public static CsvWriter forSpreadsheets(Writer out) {
    return new CsvWriter(out, true);
  }

  /** The cell as text a spreadsheet will not evaluate: {@code '} before a leading = + - @ tab or CR. */
  public static String neutralised(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    char first = value.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
        ? "'" + value : value;
  }

  public void write(List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quote(neutraliseFormulas ? neutralised(fields.get(i)) : fields.get(i)));
    }
    out.write("\r\n");
  }

  public static String quote(String value) {
    if (value == null) {
      return "";
    }
    boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
