package org.ahphub.mapper.rules;

import java.time.Instant;
import org.ahphub.mapper.framework.Stage;

/**
 * Evidence that a learner holds one competency at one stage, and which rule (and version) said so.
 * {@code kind} is learning, assessed-practice or qualification.
 */
public record Credit(String competencyNumber, Stage stage, String ruleId, int ruleVersion, String kind,
    Instant achievedAt) {}
