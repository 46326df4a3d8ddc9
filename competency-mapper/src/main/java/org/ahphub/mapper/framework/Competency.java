package org.ahphub.mapper.framework;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A framework competency (e.g. 5.6 Infection prevention and control) with its indicator for each stage.
 *
 * <p>When the framework gives one indicator for all stages, {@code spansAllStages} is true and every
 * stage maps to that same text.
 */
public record Competency(
    String number,
    String iri,
    String title,
    int domainNumber,
    boolean spansAllStages,
    Map<Stage, String> indicators) {

  public Competency {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(iri, "iri");
    Objects.requireNonNull(title, "title");
    EnumMap<Stage, String> copy = new EnumMap<>(Stage.class);
    copy.putAll(indicators);
    for (Stage stage : Stage.values()) {
      if (copy.get(stage) == null) {
        throw new IllegalArgumentException("competency " + number + " has no indicator for stage " + stage.code());
      }
    }
    indicators = Collections.unmodifiableMap(copy);
  }

  /** The indicator text for a stage, verbatim from the framework. */
  public String indicator(Stage stage) {
    return indicators.get(stage);
  }

  /** The IRI of this competency at one stage: {@code <competency iri>/<stage code>}. */
  public String stageIri(Stage stage) {
    return iri + "/" + stage.code();
  }
}
