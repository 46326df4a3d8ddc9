package org.ahphub.connectors.jobs;

import java.util.List;

/**
 * An import or a mapping refused before anything is queued: the HTTP status to answer, an error code,
 * every problem found, and where (the request part) they are.
 */
public final class ImportRefused extends RuntimeException {

  private final int status;
  private final String code;
  private final List<String> problems;
  private final String where;

  public ImportRefused(int status, String code, List<String> problems, String where) {
    super(String.join("; ", problems), null, false, false);
    this.status = status;
    this.code = code;
    this.problems = List.copyOf(problems);
    this.where = where;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<String> problems() {
    return problems;
  }

  public String where() {
    return where;
  }
}
