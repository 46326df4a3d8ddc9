package org.ahphub.mapper.rules;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ahphub.mapper.framework.Stage;

/**
 * Rule "statutory-mandatory-training", version 1: a statement with a UK Core Skills Training
 * Framework subject activity ({@code https://ahp-hub.org/vocab/cstf/<subject>}, as object or context
 * activity) credits the subject's competencies until the achievement date plus the subject's renewal
 * period. Scored assessments need {@code score.scaled >= 0.8} unless {@code result.success} says
 * otherwise. A competency with one indicator for all stages is credited at every stage, others at entry.
 */
public final class StatutoryMandatoryTrainingRule implements CreditingRule {

  public static final String ID = "statutory-mandatory-training";
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
    List<Credit> credits = new ArrayList<>();
    for (String activityId : statement.alignedActivityIds()) {
      RuleData.Subject subject = data.subjectsByIri().get(activityId);
      if (subject == null) {
        continue;
      }
      Achievement.of(statement, data.cstfPassMark()).ifPresent(achievement -> {
        Instant achievedAt = statement.achievedAt();
        Instant validUntil = achievedAt.atZone(ZoneOffset.UTC).plus(subject.renewal()).toInstant();
        for (String number : subject.competencies()) {
          String iri = reference.framework().competency(number).orElseThrow().iri();
          for (Stage stage : reference.framework().stagesEvidencedBy(iri)) {
            credits.add(new Credit(number, stage, ID, VERSION, Credit.LEARNING, achievedAt, achievement.basis(),
                achievement.confidence(), achievedAt, validUntil));
          }
        }
      });
    }
    return credits;
  }
}
