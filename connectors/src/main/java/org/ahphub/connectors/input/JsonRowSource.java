package org.ahphub.connectors.input;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.JsonEvent;
import io.vertx.core.parsetools.JsonEventType;
import io.vertx.core.parsetools.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Rows of a JSON export, streamed: either a top-level array of objects, or an object whose first
 * array-valued property holds them (for example {@code {"exportedAt": "...", "completions": [...]}}).
 * Keys are matched to fields like CSV headers. JSON has no useful line numbers, so a row's "line" is
 * its record number.
 */
public final class JsonRowSource implements RowSource {

  private final InputStream in;
  private final Schema schema;
  private final String input;
  private final String fingerprint;
  private final JsonParser parser = JsonParser.newParser();
  private final Deque<Object> ready = new ArrayDeque<>();
  private final byte[] chunk = new byte[64 * 1024];
  private Throwable failure;
  private int depth;
  private boolean inRecords;
  private boolean recordsSeen;
  private boolean ended;
  private long record;

  public JsonRowSource(InputStream in, Schema schema, String input, String fingerprint) {
    this.in = in;
    this.schema = schema;
    this.input = input;
    this.fingerprint = fingerprint;
    parser.handler(this::event);
    parser.exceptionHandler(error -> failure = error);
  }

  private void event(JsonEvent event) {
    JsonEventType type = event.type();
    if (inRecords) {
      if (type == JsonEventType.END_ARRAY) {
        inRecords = false;
        depth--;
      } else {
        ready.add(event.value() == null ? NULL : event.value());
      }
      return;
    }
    switch (type) {
      case START_ARRAY -> {
        if (!recordsSeen && depth <= 1) {
          recordsSeen = true;
          inRecords = true;
          depth++;
          parser.objectValueMode();
          parser.arrayValueMode();
        } else {
          depth++;
        }
      }
      case START_OBJECT -> depth++;
      case END_OBJECT, END_ARRAY -> depth--;
      case VALUE -> {
        if (depth == 0) {
          failure = new IllegalArgumentException("the JSON document is not an array or object of records");
        }
      }
      default -> { }
    }
  }

  private static final Object NULL = new Object();

  @Override
  public Row next() throws IOException, InputException {
    while (ready.isEmpty() && !ended) {
      int n = in.read(chunk);
      if (n < 0) {
        ended = true;
        try {
          parser.end();
        } catch (RuntimeException e) {
          failure = e;
        }
      } else if (n > 0) {
        try {
          parser.handle(Buffer.buffer().appendBytes(chunk, 0, n));
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw new InputException("not valid JSON after record " + record + ": " + failure.getMessage(), failure);
      }
    }
    if (ready.isEmpty()) {
      if (!recordsSeen) {
        throw InputException.of("the JSON document has no array of records");
      }
      return null;
    }
    Object value = ready.poll();
    record++;
    if (!(value instanceof JsonObject object)) {
      return Row.malformed(input, record, record, fingerprint, "the record is not a JSON object", 0);
    }
    Map<String, String> values = new HashMap<>();
    for (Map.Entry<String, Object> entry : object) {
      var field = schema.field(entry.getKey());
      if (field.isEmpty()) {
        continue;
      }
      Object v = entry.getValue();
      if (v instanceof JsonObject || v instanceof JsonArray) {
        return Row.malformed(input, record, record, fingerprint,
            "'" + entry.getKey() + "' must be a single value, not an object or array", 0);
      }
      if (v != null) {
        values.put(field.get().name(), scalar(v));
      }
    }
    return Row.of(input, record, record, fingerprint, values, Map.of());
  }

  private static String scalar(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double || value instanceof Float) {
      return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
