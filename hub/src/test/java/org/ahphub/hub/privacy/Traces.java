package org.ahphub.hub.privacy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a piece of text is still found: a full dump of the database's data (every table of every schema, as
 * {@code pg_dump --data-only} writes it: {@code COPY ... TO STDOUT}), every record of every Kafka log segment
 * (batches decompressed: the hub's producers compress with lz4, so the raw files alone prove nothing), and the
 * log output captured while the test ran. The image's {@code pg_dump} is PostgreSQL 15 and refuses the embedded
 * 18, so the dump is made over JDBC with the same statement pg_dump uses.
 */
final class Traces {

  private Traces() {}

  /** Each hit: where, and which term. */
  record Hit(String where, String term) {
    @Override
    public String toString() {
      return term + " in " + where;
    }
  }

  /** The forms a term is searched in: as text, and as the hex PostgreSQL writes bytea in. */
  static List<String> forms(String term) {
    return List.of(term, HexFormat.of().formatHex(term.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Hit> inDatabase(int port, List<String> terms) throws SQLException, IOException {
    List<Hit> hits = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        "postgres", "")) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = connection.createStatement().executeQuery("SELECT quote_ident(table_schema) || '.' || "
          + "quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
          + "AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      for (String table : tables) {
        StringWriter dump = new StringWriter();
        connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT", dump);
        String text = dump.toString().toLowerCase(Locale.ROOT);
        for (String term : terms) {
          for (String form : forms(term)) {
            if (text.contains(form.toLowerCase(Locale.ROOT))) {
              hits.add(new Hit("table " + table, term));
            }
          }
        }
      }
    }
    return hits;
  }

  /** How many records the segments under {@code kafkaData} hold (the search below read them all). */
  static long kafkaRecords(Path kafkaData) throws IOException {
    long[] count = {0};
    eachRecord(kafkaData, (file, text) -> count[0]++);
    return count[0];
  }

  static List<Hit> inKafka(Path kafkaData, List<String> terms) throws IOException {
    List<Hit> hits = new ArrayList<>();
    eachRecord(kafkaData, (file, text) -> {
      for (String term : terms) {
        if (text.contains(term)) {
          hits.add(new Hit("Kafka segment " + kafkaData.relativize(file), term));
        }
      }
    });
    // and the files as bytes: indexes, snapshots, checkpoints
    try (Stream<Path> files = Files.walk(kafkaData)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String term : terms) {
          if (raw.contains(term)) {
            hits.add(new Hit("Kafka file " + kafkaData.relativize(file), term));
          }
        }
      }
    }
    return hits;
  }

  private interface RecordText {
    void accept(Path file, String text);
  }

  private static void eachRecord(Path kafkaData, RecordText visitor) throws IOException {
    try (Stream<Path> files = Files.walk(kafkaData)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        try (FileRecords records = FileRecords.open(file.toFile(), false)) {
          for (RecordBatch batch : records.batches()) {
            for (Record record : batch) {
              StringBuilder text = new StringBuilder();
              text.append(string(record.key())).append('\n').append(string(record.value()));
              for (Header header : record.headers()) {
                text.append('\n').append(header.key()).append('=')
                    .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
              }
              visitor.accept(file, text.toString());
            }
          }
        }
      }
    }
  }

  private static String string(ByteBuffer buffer) {
    if (buffer == null) {
      return "";
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static List<Hit> inText(String where, String text, List<String> terms) {
    return terms.stream().filter(text::contains).map(term -> new Hit(where, term)).toList();
  }

  /** Every log line of the JVM (the hub's included, at DEBUG for org.ahphub) from now until {@link #close}. */
  static final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final ch.qos.logback.classic.Logger hub;
    private final Level hubLevel;

    CapturedLog() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      setContext(context);
      start();
      context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this);
      hub = context.getLogger("org.ahphub");
      hubLevel = hub.getLevel();
      hub.setLevel(Level.DEBUG);
    }

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
          : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
    }

    String text() {
      return String.join("\n", lines);
    }

    int size() {
      return lines.size();
    }

    @Override
    public void close() {
      hub.setLevel(hubLevel);
      ((LoggerContext) getContext()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
      stop();
    }
  }
}
