package org.ahphub.mapper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ahphub.mapper.framework.Competency;
import org.ahphub.mapper.framework.Domain;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Attainment: a domain at a stage when all its competencies are held or expiring there; overall when all eight. */
class PassportStateTest {

  private static final Framework FRAMEWORK = Framework.load();
  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

  @Test
  @DisplayName("every competency held at entry attains all eight domains and the overall stage at entry, and no more")
  void everythingAtEntry() {
    List<PassportState.Validity> validity = new ArrayList<>();
    FRAMEWORK.competencies().forEach(c -> validity.add(new PassportState.Validity(c.number(), "entry", null)));

    Set<String> keys = PassportState.of(FRAMEWORK, validity, NOW).attainmentKeys();

    assertThat(keys).hasSize(9).contains("overall|entry", "1|entry", "8|entry");
  }

  @Test
  @DisplayName("an expired competency stops its domain being attained; an expiring one does not")
  void expiredAndExpiring() {
    Domain domain = FRAMEWORK.domains().get(4);
    List<PassportState.Validity> validity = new ArrayList<>();
    for (Competency competency : domain.competencies()) {
      validity.add(new PassportState.Validity(competency.number(), "entry", NOW.plus(10, ChronoUnit.DAYS)));
    }
    assertThat(PassportState.of(FRAMEWORK, validity, NOW).attainmentKeys()).containsExactly(domain.number() + "|entry");

    validity.set(0, new PassportState.Validity(domain.competencies().get(0).number(), "entry", NOW.minusSeconds(1)));
    assertThat(PassportState.of(FRAMEWORK, validity, NOW).attainmentKeys()).isEmpty();
  }

  @Test
  @DisplayName("attainment keys agree with asking every domain at every stage, for random passports")
  void agreesWithTheDefinition() {
    Random random = new Random(55L);
    List<Competency> competencies = FRAMEWORK.competencies();
    for (int trial = 0; trial < 500; trial++) {
      List<PassportState.Validity> validity = new ArrayList<>();
      double density = random.nextDouble();
      for (Competency competency : competencies) {
        for (Stage stage : Stage.values()) {
          if (random.nextDouble() < density) {
            Instant end = random.nextInt(4) == 0 ? null : NOW.plus(random.nextInt(200) - 40, ChronoUnit.DAYS);
            validity.add(new PassportState.Validity(competency.number(), stage.code(), end));
          }
        }
      }
      PassportState state = PassportState.of(FRAMEWORK, validity, NOW);
      Set<String> expected = new LinkedHashSet<>();
      for (Stage stage : Stage.values()) {
        boolean all = true;
        for (Domain domain : FRAMEWORK.domains()) {
          if (state.attained(domain, stage)) {
            expected.add(domain.number() + "|" + stage.code());
          } else {
            all = false;
          }
        }
        if (all) {
          expected.add("overall|" + stage.code());
        }
      }
      assertThat(state.attainmentKeys()).as("trial %d", trial).containsExactlyElementsOf(expected);
    }
  }
}
