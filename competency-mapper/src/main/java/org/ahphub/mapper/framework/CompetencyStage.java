package org.ahphub.mapper.framework;

import java.util.Objects;
import java.util.Optional;

/** What an activity IRI names: a competency, and the stage when the IRI is a competency × stage IRI. */
public record CompetencyStage(Competency competency, Optional<Stage> stage) {

  public CompetencyStage {
    Objects.requireNonNull(competency, "competency");
    Objects.requireNonNull(stage, "stage");
  }
}
