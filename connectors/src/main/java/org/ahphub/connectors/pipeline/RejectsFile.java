package org.ahphub.connectors.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ahphub.connectors.csv.CsvReader;
import org.ahphub.connectors.csv.CsvRecord;
import org.ahphub.connectors.csv.CsvWriter;

/**
 * Rejects as CSV: {@code file,line,column,field,reason}. Always written, header only when nothing was rejected;
 * formula cells neutralised ({@link CsvWriter#forSpreadsheets}).
 */
public final class RejectsFile implements RejectsSink {

  public static final List<String> HEADER = List.of("file", "line", "column", "field", "reason");

  private final Path path;
  private CsvWriter writer;

  public RejectsFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  @Override
  public void begin(long resumeAfterLine) throws IOException {
    List<List<String>> kept = new ArrayList<>();
    if (resumeAfterLine > 0 && Files.exists(path)) {
      try (InputStream in = Files.newInputStream(path); CsvReader reader = CsvReader.utf8(in)) {
        reader.next();
        for (CsvRecord r = reader.next(); r != null; r = reader.next()) {
          if (r.fields().size() == HEADER.size() && Long.parseLong(r.fields().get(1)) <= resumeAfterLine) {
            kept.add(r.fields());
          }
        }
      } catch (NumberFormatException e) {
        kept.clear();
      }
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    writer = CsvWriter.forSpreadsheets(out);
    writer.write(HEADER);
    for (List<String> row : kept) {
      writer.write(row);
    }
  }

  @Override
  public void reject(Reject reject) throws IOException {
    writer.write(List.of(reject.input(), Long.toString(reject.line()), Integer.toString(reject.column()),
        reject.field() == null ? "" : reject.field(), reject.reason()));
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    if (writer != null) {
      writer.close();
    }
  }
}
