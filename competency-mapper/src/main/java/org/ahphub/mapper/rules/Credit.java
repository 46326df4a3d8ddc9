package org.ahphub.mapper.rules;

import java.time.Instant;
import java.util.Objects;
import org.ahphub.mapper.framework.Stage;

/**
 * Evidence that a learner holds one competency at one stage, and which rule (and version) said so.
 *
 * @param kind {@code learning}, {@code assessed-practice} or {@code qualification}
 * @param basis what the statement stated: {@code completed}, {@code passed}, {@code mastered},
 *     {@code satisfied} or {@code waived}
 * @param confidence 0..1: 1 for an assessed outcome, lower for completion only, lowest for a waiver
 * @param validFrom when the credit starts to count (the statement's timestamp)
 * @param validUntil when it lapses, or null when it does not expire
 */
public record Credit(String competencyNumber, Stage stage, String ruleId, int ruleVersion, String kind,
    Instant achievedAt, String basis, double confidence, Instant validFrom, Instant validUntil) {

  public static final String LEARNING = "learning";
  public static final String ASSESSED_PRACTICE = "assessed-practice";
  public static final String QUALIFICATION = "qualification";

  public Credit {
    Objects.requireNonNull(competencyNumber, "competencyNumber");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(achievedAt, "achievedAt");
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(validFrom, "validFrom");
  }

  /** A credit that never expires, from an achievement at {@code achievedAt} with full confidence. */
  public Credit(String competencyNumber, Stage stage, String ruleId, int ruleVersion, String kind, Instant achievedAt) {
    this(competencyNumber, stage, ruleId, ruleVersion, kind, achievedAt, "completed", 1.0, achievedAt, null);
  }

  /** True when this credit lasts at least as long as {@code other} (no expiry beats any expiry). */
  public boolean outlasts(Credit other) {
    if (validUntil == null) {
      return true;
    }
    return other.validUntil != null && !validUntil.isBefore(other.validUntil);
  }
}
