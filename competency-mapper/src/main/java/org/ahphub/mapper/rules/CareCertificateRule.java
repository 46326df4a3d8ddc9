package org.ahphub.mapper.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ahphub.mapper.framework.Stage;

/**
 * Rule "care-certificate", version 1: a completed Care Certificate standard
 * ({@code https://ahp-hub.org/vocab/care-certificate/standard/<1..15>}) credits its mapped competencies
 * at the entry stage as assessed practice; the whole certificate
 * ({@code https://ahp-hub.org/vocab/care-certificate}) credits the competencies of all 15 standards at
 * entry as a qualification. Credits do not expire.
 */
public final class CareCertificateRule implements CreditingRule {

  public static final String ID = "care-certificate";
  public static final int VERSION = 1;

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
    RuleData data = reference.ruleData();
    Set<String> ids = statement.alignedActivityIds();
    Set<String> standardCompetencies = new LinkedHashSet<>();
    Set<String> certificateCompetencies = new LinkedHashSet<>();
    for (String id : ids) {
      RuleData.CareStandard standard = data.careStandardsByIri().get(id);
      if (standard != null) {
        standardCompetencies.addAll(standard.competencies());
      }
      if (id.equals(data.careCertificateIri())) {
        data.careStandardsByIri().values().forEach(s -> certificateCompetencies.addAll(s.competencies()));
      }
    }
    if (standardCompetencies.isEmpty() && certificateCompetencies.isEmpty()) {
      return List.of();
    }
    return Achievement.of(statement, null).map(achievement -> {
      Instant achievedAt = statement.achievedAt();
      List<Credit> credits = new ArrayList<>();
      for (String number : certificateCompetencies) {
        credits.add(new Credit(number, Stage.ENTRY, ID, VERSION, Credit.QUALIFICATION, achievedAt, achievement.basis(),
            achievement.confidence(), achievedAt, null));
      }
      for (String number : standardCompetencies) {
        if (!certificateCompetencies.contains(number)) {
          credits.add(new Credit(number, Stage.ENTRY, ID, VERSION, Credit.ASSESSED_PRACTICE, achievedAt,
              achievement.basis(), achievement.confidence(), achievedAt, null));
        }
      }
      return credits;
    }).orElse(List.of());
  }
}
