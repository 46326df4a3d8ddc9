package org.ahphub.connectors.pipeline;

import java.io.IOException;

/** Where rejected rows are reported, besides the summary. */
public interface RejectsSink extends AutoCloseable {

  /**
   * Called once before the first row. {@code resumeAfterLine} &gt; 0 when the import resumes from a
   * checkpoint: rejects already reported up to that line are kept, later ones are dropped (they will
   * be reported again).
   */
  void begin(long resumeAfterLine) throws IOException;

  void reject(Reject reject) throws IOException;

  /** Called after each delivered batch, so the file is current when the checkpoint is. */
  default void flush() throws IOException { }

  @Override
  void close() throws IOException;

  static RejectsSink none() {
    return new RejectsSink() {
      @Override
      public void begin(long resumeAfterLine) { }

      @Override
      public void reject(Reject reject) { }

      @Override
      public void close() { }
    };
  }
}
