package org.ahphub.connectors.csv;

import java.io.IOException;

/** The file cannot be read on as CSV from this point (not UTF-8, or a quote left open). */
public final class CsvFormatException extends IOException {

  private final long line;

  public CsvFormatException(long line, String message) {
    super("line " + line + ": " + message);
    this.line = line;
  }

  public CsvFormatException(long line, String message, Throwable cause) {
    super("line " + line + ": " + message, cause);
    this.line = line;
  }

  public long line() {
    return line;
  }
}
