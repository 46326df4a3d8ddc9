package org.ahphub.sharing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/**
 * The port through which sharing reads passports: passport sharing decides who may see whom, the
 * competency mapper owns what a passport says and implements this. Sharing never reads the mapper's
 * passport tables itself.
 */
@FunctionalInterface
public interface PassportReader {

  /**
   * The person's passport as the passport API shows it ({@code personId}, {@code version}, competencies,
   * domains…), following merges; empty when the person has none.
   */
  Future<Optional<JsonObject>> passport(UUID personId);
}
