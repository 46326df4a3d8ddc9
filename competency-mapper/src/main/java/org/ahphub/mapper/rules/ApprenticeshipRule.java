package org.ahphub.mapper.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rule "apprenticeship-standard", version 1: an achieved apprenticeship ({@code passed} or
 * {@code mastered}, not {@code result.success = false}) with the category
 * {@code https://ahp-hub.org/vocab/apprenticeship-standard/<code>} credits competency 1.1 (education
 * requirements) at the standard's stage, as a qualification: ST0216 entry, ST0217 intermediate, ST0215
 * assistant practitioner. {@code completed} (learning finished, end-point assessment pending) does not
 * credit. Credits do not expire.
 */
public final class ApprenticeshipRule implements CreditingRule {

  public static final String ID = "apprenticeship-standard";
  public static final int VERSION = 1;
  private static final Set<String> ACHIEVED = Set.of("passed", "mastered", "satisfied");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int version() {
    return VERSION;
  }

  @Override
  public List<Credit> credits(StatementView statement, ReferenceData reference) {
    List<Credit> credits = new ArrayList<>();
    for (String id : statement.alignedActivityIds()) {
      RuleData.Apprenticeship standard = reference.ruleData().apprenticeshipsByIri().get(id);
      if (standard == null) {
        continue;
      }
      Achievement.of(statement, null).filter(a -> ACHIEVED.contains(a.basis())).ifPresent(achievement -> {
        Instant achievedAt = statement.achievedAt();
        for (String number : standard.competencies()) {
          credits.add(new Credit(number, standard.stage(), ID, VERSION, Credit.QUALIFICATION, achievedAt,
              achievement.basis(), achievement.confidence(), achievedAt, null));
        }
      });
    }
    return credits;
  }
}
