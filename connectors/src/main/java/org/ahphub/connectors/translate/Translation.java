package org.ahphub.connectors.translate;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What one row becomes: its statements (possibly none), or the problems that reject it (then no
 * statement of the row is delivered), plus outcome changes to remember after delivery.
 */
public record Translation(List<JsonObject> statements, List<Problem> problems, List<OutcomeChange> changes) {

  public Translation {
    statements = List.copyOf(statements);
    problems = List.copyOf(problems);
    changes = List.copyOf(changes);
  }

  public static Translation of(List<JsonObject> statements) {
    return new Translation(statements, List.of(), List.of());
  }

  public static Translation rejected(List<Problem> problems) {
    return new Translation(List.of(), problems, List.of());
  }

  public boolean rejected() {
    return !problems.isEmpty();
  }
}
