package org.ahphub.mapper.rules;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule "activity-catalogue", version 1: a statement about an activity an organisation registered in
 * the catalogue (as object, parent, grouping or category) credits the competencies × stages of that
 * entry when it states an {@link Achievement} that meets the entry's pass mark. With a renewal
 * period the credit is valid until the achievement date plus that period.
 */
public final class ActivityCatalogueRule implements CreditingRule {

  public static final String ID = "activity-catalogue";
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
    List<Credit> credits = new ArrayList<>();
    for (String activityId : statement.alignedActivityIds()) {
      reference.catalogued(activityId).ifPresent(entry -> Achievement.of(statement, entry.passMark()).ifPresent(achievement -> {
        Instant achievedAt = statement.achievedAt();
        Instant validUntil = entry.renewal() == null ? null
            : achievedAt.atZone(ZoneOffset.UTC).plus(entry.renewal()).toInstant();
        for (CatalogueEntry.Target target : entry.evidences()) {
          credits.add(new Credit(target.competencyNumber(), target.stage(), ID, VERSION, entry.kind(), achievedAt,
              achievement.basis(), achievement.confidence(), achievedAt, validUntil));
        }
      }));
    }
    return credits;
  }
}
