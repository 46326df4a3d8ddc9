package org.ahphub.mapper.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ahphub.mapper.framework.Competency;
import org.ahphub.mapper.framework.Domain;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;

/**
 * A person's competency × stage statuses at one instant, from their evidence, and what they attain.
 * Pure. A competency × stage is {@code held} while some evidence is valid (no end, or an end more than
 * 30 days away), {@code expiring} when its latest end is within 30 days, {@code expired} when all its
 * evidence has ended, {@code missing} without evidence. A domain is attained at a stage when all its
 * competencies are held or expiring at that stage; the overall stage is the highest stage at which all
 * eight domains are attained.
 */
public final class PassportState {

  public static final Duration EXPIRY_WARNING = Duration.ofDays(30);
  public static final String OVERALL = "overall";

  public enum Status {
    HELD, EXPIRING, EXPIRED, MISSING;

    public String code() {
      return name().toLowerCase();
    }

    public boolean current() {
      return this == HELD || this == EXPIRING;
    }
  }

  /** The validity of one piece of evidence. */
  public record Validity(String competencyNumber, String stage, Instant validUntil) {}

  /** The latest end of a competency × stage's evidence: null for no end, empty for no evidence. */
  private record Key(String competency, String stage) {}

  private final Framework framework;
  private final Map<Key, Status> statuses = new HashMap<>();
  private final Map<Key, Instant> validUntil = new HashMap<>();

  private PassportState(Framework framework) {
    this.framework = framework;
  }

  public static PassportState of(Framework framework, Collection<Validity> evidence, Instant now) {
    PassportState state = new PassportState(framework);
    Map<Key, Instant> latest = new HashMap<>();
    Set<Key> unending = new java.util.HashSet<>();
    for (Validity v : evidence) {
      Key key = new Key(v.competencyNumber(), v.stage());
      if (v.validUntil() == null) {
        unending.add(key);
      } else {
        latest.merge(key, v.validUntil(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    for (Key key : unending) {
      state.statuses.put(key, Status.HELD);
    }
    for (Map.Entry<Key, Instant> entry : latest.entrySet()) {
      if (unending.contains(entry.getKey())) {
        continue;
      }
      Instant end = entry.getValue();
      state.validUntil.put(entry.getKey(), end);
      state.statuses.put(entry.getKey(), !end.isAfter(now) ? Status.EXPIRED
          : end.isAfter(now.plus(EXPIRY_WARNING)) ? Status.HELD : Status.EXPIRING);
    }
    return state;
  }

  public Status status(String competencyNumber, Stage stage) {
    return statuses.getOrDefault(new Key(competencyNumber, stage.code()), Status.MISSING);
  }

  /** The latest validity end, empty when there is none (no evidence, or evidence that does not expire). */
  public Optional<Instant> validUntil(String competencyNumber, Stage stage) {
    return Optional.ofNullable(validUntil.get(new Key(competencyNumber, stage.code())));
  }

  public boolean attained(Domain domain, Stage stage) {
    return domain.competencies().stream().allMatch(c -> status(c.number(), stage).current());
  }

  /** The highest stage at which every domain is attained, or empty. */
  public Optional<Stage> overallStage() {
    Stage overall = null;
    for (Stage stage : Stage.values()) {
      if (framework.domains().stream().allMatch(d -> attained(d, stage))) {
        overall = stage;
      }
    }
    return Optional.ofNullable(overall);
  }

  /**
   * Attainment as keys {@code <scope>|<stage>}: scope is the domain number or {@value #OVERALL}. Counts the
   * current competencies per domain and stage from what is held, instead of asking for every competency at
   * every stage: the mapper works this out for every person a poll changes.
   */
  public Set<String> attainmentKeys() {
    List<Domain> domains = framework.domains();
    int[][] current = new int[domains.size()][Stage.values().length];
    for (Map.Entry<Key, Status> entry : statuses.entrySet()) {
      if (!entry.getValue().current()) {
        continue;
      }
      Optional<Competency> competency = framework.competency(entry.getKey().competency());
      Optional<Stage> stage = Stage.fromCode(entry.getKey().stage());
      if (competency.isPresent() && stage.isPresent()) {
        int domain = domainIndex(domains, competency.get().domainNumber());
        if (domain >= 0) {
          current[domain][stage.get().ordinal()]++;
        }
      }
    }
    Set<String> keys = new LinkedHashSet<>();
    for (Stage stage : Stage.values()) {
      boolean all = true;
      for (int d = 0; d < domains.size(); d++) {
        Domain domain = domains.get(d);
        if (current[d][stage.ordinal()] == domain.competencies().size()) {
          keys.add(domain.number() + "|" + stage.code());
        } else {
          all = false;
        }
      }
      if (all) {
        keys.add(OVERALL + "|" + stage.code());
      }
    }
    return keys;
  }

  private static int domainIndex(List<Domain> domains, int number) {
    for (int i = 0; i < domains.size(); i++) {
      if (domains.get(i).number() == number) {
        return i;
      }
    }
    return -1;
  }

  /** What is not current at a stage, in framework order. */
  public List<Competency> gaps(Stage stage) {
    List<Competency> missing = new ArrayList<>();
    for (Competency competency : framework.competencies()) {
      if (!status(competency.number(), stage).current()) {
        missing.add(competency);
      }
    }
    return missing;
  }
}
