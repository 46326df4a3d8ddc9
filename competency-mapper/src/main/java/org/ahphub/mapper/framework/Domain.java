package org.ahphub.mapper.framework;

import java.util.List;
import java.util.Objects;

/** One of the eight framework domains with its competencies in framework order. */
public record Domain(int number, String iri, String title, String description, List<Competency> competencies) {

  public Domain {
    Objects.requireNonNull(iri, "iri");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    competencies = List.copyOf(competencies);
  }
}
