package org.ahphub.connectors.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: one record at a time, never the whole file. Handles quoted fields
 * with embedded commas, doubled quotes and line breaks, a UTF-8 byte-order mark, and CRLF, LF or CR
 * line endings. Line breaks inside a quoted field are normalised to {@code \n}, so the same file
 * saved on Windows or Unix yields the same values. Entirely empty lines are skipped.
 *
 * <p>Leniency: a quote inside an unquoted field is kept as a character. Text after a closing quote
 * makes the record malformed (reported with its column) but the reader stays in step. A quote left
 * open until the end of the file, a record longer than {@code maxRecordChars}, or bytes that are not
 * UTF-8 stop the reader with a {@link CsvFormatException}.
 */
public final class CsvReader implements Closeable {

  public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;
  private static final int EOF = -1;

  private final Reader in;
  private final boolean comments;
  private final int maxRecordChars;
  private final char[] buffer = new char[16 * 1024];
  private int position;
  private int limit;
  private long line = 1;
  private boolean started;

  private CsvReader(Reader in, boolean comments, int maxRecordChars) {
    this.in = in;
    this.comments = comments;
    this.maxRecordChars = maxRecordChars;
  }

  /** A reader of UTF-8 bytes; malformed UTF-8 is an error, never silently replaced. */
  public static CsvReader utf8(InputStream in) {
    return new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)), false, DEFAULT_MAX_RECORD_CHARS);
  }

  /** As {@link #utf8}, but lines starting with {@code #} are comments (used by the mapping files). */
  public static CsvReader utf8WithComments(InputStream in) {
    return new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)), true, DEFAULT_MAX_RECORD_CHARS);
  }

  public static CsvReader of(Reader in, int maxRecordChars) {
    return new CsvReader(in, false, maxRecordChars);
  }

  /** The next record, or {@code null} at the end of the input. */
  public CsvRecord next() throws IOException {
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') {
        read();
      }
    }
    while (true) {
      int c = peek();
      if (c == EOF) {
        return null;
      }
      if (c == '\r' || c == '\n') {
        endOfLine(read());
        continue;
      }
      if (comments && c == '#') {
        skipLine();
        continue;
      }
      return record();
    }
  }

  private CsvRecord record() throws IOException {
    long startLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    String problem = null;
    int problemColumn = 0;
    int chars = 0;
    while (true) {
      field.setLength(0);
      if (peek() == '"') {
        read();
        long quoteLine = line;
        while (true) {
          int c = read();
          if (c == EOF) {
            throw new CsvFormatException(quoteLine,
                "a quoted field in column " + (fields.size() + 1) + " is never closed");
          }
          if (c == '"') {
            if (peek() == '"') {
              read();
              field.append('"');
            } else {
              break;
            }
          } else if (c == '\r' || c == '\n') {
            endOfLine(c);
            field.append('\n');
          } else {
            field.append((char) c);
          }
          chars = guard(chars, startLine);
        }
        int after = peek();
        if (after != ',' && after != '\r' && after != '\n' && after != EOF) {
          if (problem == null) {
            problem = "unexpected text after the closing quote";
            problemColumn = fields.size() + 1;
          }
          while (after != ',' && after != '\r' && after != '\n' && after != EOF) {
            field.append((char) read());
            chars = guard(chars, startLine);
            after = peek();
          }
        }
      } else {
        int c = peek();
        while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
          field.append((char) read());
          chars = guard(chars, startLine);
          c = peek();
        }
      }
      fields.add(field.toString());
      int separator = read();
      if (separator == ',') {
        continue;
      }
      if (separator == '\r' || separator == '\n') {
        endOfLine(separator);
      }
      return new CsvRecord(startLine, fields, problem, problemColumn);
    }
  }

  private int guard(int chars, long startLine) throws CsvFormatException {
    if (chars + 1 > maxRecordChars) {
      throw new CsvFormatException(startLine,
          "the record is longer than " + maxRecordChars + " characters; is a quote left open?");
    }
    return chars + 1;
  }

  private void endOfLine(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      read();
    }
    line++;
  }

  private void skipLine() throws IOException {
    int c = read();
    while (c != '\r' && c != '\n' && c != EOF) {
      c = read();
    }
    if (c != EOF) {
      endOfLine(c);
    }
  }

  private int peek() throws IOException {
    if (position == limit && !fill()) {
      return EOF;
    }
    return buffer[position];
  }

  private int read() throws IOException {
    if (position == limit && !fill()) {
      return EOF;
    }
    return buffer[position++];
  }

  private boolean fill() throws IOException {
    try {
      int n = in.read(buffer, 0, buffer.length);
      while (n == 0) {
        n = in.read(buffer, 0, buffer.length);
      }
      if (n < 0) {
        return false;
      }
      position = 0;
      limit = n;
      return true;
    } catch (CharacterCodingException e) {
      throw new CsvFormatException(line, "the file is not UTF-8 text (save it as CSV UTF-8)", e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
