package org.ahphub.mapper.rules;

import java.util.Map;
import java.util.Optional;
import org.ahphub.mapper.framework.Framework;

/**
 * What the rules know besides the statement: the framework, the data behind the built-in rules,
 * and the activity catalogue entries for the statement's activities.
 */
public record ReferenceData(Framework framework, RuleData ruleData, Map<String, CatalogueEntry> catalogue) {

  public ReferenceData {
    catalogue = Map.copyOf(catalogue);
  }

  public Optional<CatalogueEntry> catalogued(String activityIri) {
    return Optional.ofNullable(catalogue.get(activityIri));
  }

  public ReferenceData withCatalogue(Map<String, CatalogueEntry> entries) {
    return new ReferenceData(framework, ruleData, entries);
  }
}
