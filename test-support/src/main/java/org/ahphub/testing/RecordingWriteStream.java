package org.ahphub.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A {@link WriteStream} for tests of streaming writers: it counts the writes, their bytes and the largest, keeps
 * what it is given when asked to, and says its queue is full every {@code fullEvery} writes, so the writer under
 * test must wait for the drain. The drain comes on the caller's Vert.x context, or at once off one.
 */
public final class RecordingWriteStream implements WriteStream<Buffer> {

  private final int fullEvery;
  private final Buffer kept;
  private long bytes;
  private int writes;
  private int largest;

  private RecordingWriteStream(int fullEvery, boolean keep) {
    this.fullEvery = fullEvery;
    this.kept = keep ? Buffer.buffer() : null;
  }

  /** Keeps every byte written ({@link #written()}). */
  public static RecordingWriteStream keeping(int fullEvery) {
    return new RecordingWriteStream(fullEvery, true);
  }

  /** Counts what is written and drops it: for outputs too large to keep. */
  public static RecordingWriteStream counting(int fullEvery) {
    return new RecordingWriteStream(fullEvery, false);
  }

  public Buffer written() {
    if (kept == null) {
      throw new IllegalStateException("this stream counts, it does not keep");
    }
    return kept;
  }

  public long bytes() {
    return bytes;
  }

  public int writes() {
    return writes;
  }

  public int largest() {
    return largest;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (kept != null) {
      kept.appendBuffer(data);
    }
    bytes += data.length();
    largest = Math.max(largest, data.length());
    writes++;
    return Future.succeededFuture();
  }

  @Override
  public boolean writeQueueFull() {
    return writes % fullEvery == 0;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    Context context = Vertx.currentContext();
    if (context == null) {
      handler.handle(null);
    } else {
      context.runOnContext(handler);
    }
    return this;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }
}
