package org.ahphub.mapper.rules;

import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.ahphub.mapper.framework.Stage;

/**
 * An organisation's own activity registered against framework competencies and stages
 * ({@code PUT /catalogue/activities}).
 *
 * @param passMark 0..1 on {@code result.score.scaled}, or null
 * @param renewal how long a credit lasts, or null when it does not expire
 * @param kind the evidence kind the activity gives: learning or assessed-practice
 */
public record CatalogueEntry(String activityIri, UUID organisationId, String organisationName,
    List<Target> evidences, Double passMark, Period renewal, String kind) {

  /** One competency at one stage. */
  public record Target(String competencyNumber, Stage stage) {}

  public CatalogueEntry {
    Objects.requireNonNull(activityIri, "activityIri");
    evidences = List.copyOf(evidences);
    kind = kind == null ? Credit.LEARNING : kind;
  }
}
