package org.ahphub.platform.privacy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An {@link ExportArchive} streamed as a ZIP to a {@link WriteStream} (an HTTP response). What the deflater has
 * produced goes to the stream after each item, and each write waits while the stream's queue is full, so memory
 * stays bounded by one item and the stream's queue, however large the export. Not thread-safe: one export's
 * steps run one after another on one event loop.
 */
public final class ZipExportArchive implements ExportArchive {

  private final WriteStream<Buffer> out;
  private final Pending pending = new Pending();
  private final ZipOutputStream zip = new ZipOutputStream(pending, StandardCharsets.UTF_8);
  private final Map<String, List<String>> summary = new LinkedHashMap<>();
  private final List<String> files = new ArrayList<>();
  private static final int CHUNK = 64 * 1024;
  private Throwable failure;
  private boolean finished;

  public ZipExportArchive(WriteStream<Buffer> out) {
    this.out = out;
  }

  @Override
  public Future<Void> json(String name, Object json) {
    return bytes(name, Buffer.buffer(Json.encodePrettily(json)));
  }

  @Override
  public Future<Void> bytes(String name, Buffer content) {
    try {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content.getBytes());
      zip.closeEntry();
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    files.add(name);
    return flush();
  }

  @Override
  public ArrayFile array(String name) {
    try {
      zip.putNextEntry(new ZipEntry(name));
      zip.write('[');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.add(name);
    return new ArrayFile() {
      private long count;

      @Override
      public Future<Void> add(JsonObject item) {
        try {
          zip.write((count++ == 0 ? "\n" : ",\n").getBytes(StandardCharsets.UTF_8));
          zip.write(item.toBuffer().getBytes());
        } catch (IOException e) {
          return Future.failedFuture(e);
        }
        return flush();
      }

      @Override
      public long count() {
        return count;
      }

      @Override
      public Future<Void> close() {
        try {
          zip.write("\n]\n".getBytes(StandardCharsets.UTF_8));
          zip.closeEntry();
        } catch (IOException e) {
          return Future.failedFuture(e);
        }
        return flush();
      }
    };
  }

  @Override
  public void summarise(String heading, List<String> lines) {
    summary.computeIfAbsent(heading, h -> new ArrayList<>()).addAll(lines);
  }

  /** Writes the summary ({@code summary.html}) and the ZIP's directory; the caller ends the stream. */
  public Future<Void> finish(String title, Instant at) {
    try {
      zip.putNextEntry(new ZipEntry("summary.html"));
      zip.write(summaryHtml(title, at).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.finish();
      finished = true;
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return flush();
  }

  String summaryHtml(String title, Instant at) {
    StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
        .append(escape(title)).append("</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;"
            + "margin:1rem auto;padding:0 1rem;line-height:1.5}li{margin:.2rem 0}</style></head><body><main><h1>")
        .append(escape(title)).append("</h1><p>Made ").append(escape(at.toString()))
        .append(". Each file named below is in this archive, as JSON.</p>");
    summary.forEach((heading, lines) -> {
      html.append("<h2>").append(escape(heading)).append("</h2><ul>");
      lines.forEach(line -> html.append("<li>").append(escape(line)).append("</li>"));
      html.append("</ul>");
    });
    html.append("<h2>Files</h2><ul>");
    files.forEach(file -> html.append("<li>").append(escape(file)).append("</li>"));
    return html.append("</ul></main></body></html>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /**
   * Sends what the deflater produced once there is a chunk's worth; completes when the stream can take more. A
   * failed write (the reader went away) fails every step after it, so the export stops.
   */
  private Future<Void> flush() {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (pending.buffer.length() < CHUNK && !finished) {
      return Future.succeededFuture();
    }
    Buffer chunk = pending.buffer;
    pending.buffer = Buffer.buffer(CHUNK + 1024);
    out.write(chunk).onFailure(e -> failure = e);
    return drained();
  }

  private Future<Void> drained() {
    if (!out.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    out.drainHandler(v -> promise.tryComplete());
    return promise.future();
  }

  /** The deflater's output, collected until the next flush. */
  private static final class Pending extends OutputStream {
    private Buffer buffer = Buffer.buffer();

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }
}
