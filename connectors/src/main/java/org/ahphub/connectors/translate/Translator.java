package org.ahphub.connectors.translate;

import org.ahphub.connectors.input.Row;
import org.ahphub.connectors.input.Schema;

/**
 * A source system's records turned into xAPI statements. Pure: no I/O, no clock, no randomness;
 * the same row (and, for sources that remember outcomes, the same ledger) gives the same statements
 * with the same ids.
 */
public interface Translator {

  /** The source name used on the command line, in statement ids and in state files. */
  String source();

  /** The columns this source reads. */
  Schema schema();

  Translation translate(Row row);
}
