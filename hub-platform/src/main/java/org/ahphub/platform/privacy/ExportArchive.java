package org.ahphub.platform.privacy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Where the parts of an export write what they hold: files in a ZIP, written as they come (a person with a hundred
 * thousand statements exports in bounded memory), and a few lines each for the readable summary.
 */
public interface ExportArchive {

  /** A whole file of JSON (a small one: a passport, a list of identifiers). */
  Future<Void> json(String name, Object json);

  /** A whole file of bytes (an attachment, a document). */
  Future<Void> bytes(String name, Buffer content);

  /** A file holding a JSON array written item by item; close it before writing another file. */
  ArrayFile array(String name);

  /** Lines for the readable summary, under a heading. */
  void summarise(String heading, List<String> lines);

  /** A JSON array file being written. */
  interface ArrayFile {
    /** Adds an item; the future completes when the reader has room for more. */
    Future<Void> add(JsonObject item);

    /** How many items were added. */
    long count();

    Future<Void> close();
  }
}
