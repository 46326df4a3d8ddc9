package org.ahphub.mapper.rules;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.mapper.framework.Framework;

/**
 * Every crediting rule, applied to one statement. When several rules credit the same competency ×
 * stage from one statement, the more specific rule wins, in this order: statutory and mandatory
 * training, activity catalogue, Care Certificate, apprenticeship, explicit alignment. Pure.
 */
public final class CreditingRules {

  private final List<CreditingRule> rules;

  public CreditingRules(Framework framework) {
    this.rules = List.of(new StatutoryMandatoryTrainingRule(), new ActivityCatalogueRule(), new CareCertificateRule(),
        new ApprenticeshipRule(), new ExplicitAlignmentRule(framework));
  }

  public List<CreditingRule> rules() {
    return rules;
  }

  /**
   * The credits a statement earns, at most one per competency × stage.
   *
   * @throws IllegalArgumentException when the statement cannot be read (e.g. an unreadable timestamp)
   */
  public List<Credit> credits(JsonObject statement, ReferenceData reference) {
    return credits(new StatementView(statement), reference);
  }

  /** As {@link #credits(JsonObject, ReferenceData)}, on a view the caller already holds. */
  public List<Credit> credits(StatementView view, ReferenceData reference) {
    Map<String, Credit> chosen = new LinkedHashMap<>();
    for (CreditingRule rule : rules) {
      for (Credit credit : rule.credits(view, reference)) {
        chosen.putIfAbsent(credit.competencyNumber() + "|" + credit.stage().code(), credit);
      }
    }
    List<Credit> credits = new ArrayList<>(chosen.values());
    credits.sort((a, b) -> {
      int byNumber = compareNumbers(a.competencyNumber(), b.competencyNumber());
      return byNumber != 0 ? byNumber : Integer.compare(a.stage().ordinal(), b.stage().ordinal());
    });
    return credits;
  }

  /** Activity ids a statement may be catalogued under: what to look up before calling {@link #credits}. */
  public static List<String> catalogueKeys(JsonObject statement) {
    return catalogueKeys(new StatementView(statement));
  }

  public static List<String> catalogueKeys(StatementView statement) {
    return new ArrayList<>(statement.alignedActivityIds());
  }

  static int compareNumbers(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

}
