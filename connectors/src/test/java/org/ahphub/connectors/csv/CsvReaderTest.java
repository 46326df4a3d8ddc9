package org.ahphub.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  private static List<CsvRecord> read(String text) throws IOException {
    try (CsvReader reader = CsvReader.utf8(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      List<CsvRecord> records = new ArrayList<>();
      for (CsvRecord r = reader.next(); r != null; r = reader.next()) {
        records.add(r);
      }
      return records;
    }
  }

  @Test
  @DisplayName("quoted fields keep embedded commas, doubled quotes and line breaks")
  void quotedFields() throws IOException {
    List<CsvRecord> records = read("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row,,\n");
    assertThat(records).hasSize(2);
    assertThat(records.get(0).fields()).containsExactly("a", "b,c", "say \"hi\"", "two\nlines");
    assertThat(records.get(1).fields()).containsExactly("next", "row", "", "");
    assertThat(records.get(1).line()).isEqualTo(3);
  }

  @Test
  @DisplayName("a UTF-8 byte-order mark is dropped and CRLF endings (also inside quotes) read like LF")
  void bomAndCrlf() throws IOException {
    List<CsvRecord> crlf = read("\uFEFFid,name\r\n1,\"a\r\nb\"\r\n2,c\r\n");
    List<CsvRecord> lf = read("id,name\n1,\"a\nb\"\n2,c\n");
    assertThat(crlf).extracting(CsvRecord::fields).isEqualTo(lf.stream().map(CsvRecord::fields).toList());
    assertThat(crlf.get(0).fields().get(0)).isEqualTo("id");
    assertThat(crlf).extracting(CsvRecord::line).containsExactly(1L, 2L, 4L);
  }

  @Test
  @DisplayName("empty lines are skipped, a last record without a line end is read, a lone CR ends a line")
  void lineEnds() throws IOException {
    assertThat(read("a\n\n\nb\rc")).extracting(r -> r.fields().get(0)).containsExactly("a", "b", "c");
    assertThat(read("a\n\n\nb\rc")).extracting(CsvRecord::line).containsExactly(1L, 4L, 5L);
  }

  @Test
  @DisplayName("text after a closing quote makes the record malformed at that column, and reading goes on")
  void textAfterClosingQuote() throws IOException {
    List<CsvRecord> records = read("a,\"b\"x,c\nd,e,f\n");
    assertThat(records.get(0).malformed()).isTrue();
    assertThat(records.get(0).problemColumn()).isEqualTo(2);
    assertThat(records.get(1).fields()).containsExactly("d", "e", "f");
  }

  @Test
  @DisplayName("a quote in the middle of an unquoted field is kept as a character")
  void strayQuote() throws IOException {
    assertThat(read("5'10\",x\n").get(0).fields()).containsExactly("5'10\"", "x");
  }

  @Test
  @DisplayName("a quote never closed stops the reader with the line it opened on")
  void unterminatedQuote() {
    assertThatThrownBy(() -> read("a,b\n1,\"open\n2,3\n"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("never closed");
  }

  @Test
  @DisplayName("a runaway record is stopped at the size limit instead of reading the whole file")
  void recordLimit() {
    assertThatThrownBy(() -> {
      try (CsvReader reader = CsvReader.of(new StringReader("\"" + "x".repeat(100)), 50)) {
        reader.next();
      }
    }).isInstanceOf(CsvFormatException.class).hasMessageContaining("longer than 50");
  }

  @Test
  @DisplayName("bytes that are not UTF-8 are an error, not silently replaced")
  void notUtf8() {
    byte[] latin1 = "name\nCaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> {
      try (CsvReader reader = CsvReader.utf8(new ByteArrayInputStream(latin1))) {
        while (reader.next() != null) { }
      }
    }).isInstanceOf(CsvFormatException.class).hasMessageContaining("not UTF-8");
  }

  @Test
  @DisplayName("comment lines are skipped only when asked (mapping files)")
  void comments() throws IOException {
    byte[] bytes = "# note\na,b\n#x,y\n".getBytes(StandardCharsets.UTF_8);
    try (CsvReader reader = CsvReader.utf8WithComments(new ByteArrayInputStream(bytes))) {
      assertThat(reader.next().fields()).containsExactly("a", "b");
      assertThat(reader.next()).isNull();
    }
    assertThat(read("# note\na,b\n")).hasSize(2);
  }

  @Test
  @DisplayName("the writer quotes only what needs quoting, and the reader reads it back")
  void roundTrip() throws IOException {
    java.io.StringWriter out = new java.io.StringWriter();
    new CsvWriter(out).write(List.of("plain", "with,comma", "with \"quote\"", "two\nlines", ""));
    assertThat(out.toString()).startsWith("plain,\"with,comma\",\"with \"\"quote\"\"\"");
    assertThat(read(out.toString()).get(0).fields())
        .containsExactly("plain", "with,comma", "with \"quote\"", "two\nlines", "");
  }

  @Test
  @DisplayName("a CSV for spreadsheets writes formula cells (= + - @ tab CR first) as text, with a leading '")
  void formulaCellsNeutralised() throws java.io.IOException {
    java.io.StringWriter text = new java.io.StringWriter();
    try (CsvWriter writer = CsvWriter.forSpreadsheets(text)) {
      writer.write(java.util.List.of("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\ry", "plain", "", "'q"));
    }
    assertThat(text.toString()).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,'@SUM(A1),'\tx,\"'\ry\",plain,,'q\r\n");
    java.io.StringWriter plain = new java.io.StringWriter();
    try (CsvWriter writer = new CsvWriter(plain)) {
      writer.write(java.util.List.of("=1", "-2"));
    }
    assertThat(plain.toString()).isEqualTo("=1,-2\r\n");
  }
}
