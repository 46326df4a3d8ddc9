package org.ahphub.connectors.input;

import java.io.IOException;

/** Rows of one input, read one at a time (the input is streamed, never loaded whole). */
public interface RowSource extends AutoCloseable {

  /** The next row, or {@code null} at the end. */
  Row next() throws IOException, InputException;

  @Override
  void close() throws IOException;
}
