package org.ahphub.mapper.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;

/**
 * The data behind the built-in rules, from classpath resources under {@code /rules/}: the Core Skills
 * Training Framework subjects with renewal periods and competencies, the Care Certificate standards,
 * and the apprenticeship standards. Every competency number is checked against the framework at load.
 */
public final class RuleData {

  public static final String CSTF_PREFIX = "https://ahp-hub.org/vocab/cstf/";
  /** The CSTF subject whose renewal period is configurable ({@code MAPPER_FIRE_SAFETY_RENEWAL}). */
  public static final String FIRE_SAFETY = "fire-safety";

  /** One CSTF subject: its renewal period and the competencies it evidences. */
  public record Subject(String code, String title, Period renewal, List<String> competencies) {}

  /** One Care Certificate standard. */
  public record CareStandard(int number, String title, List<String> competencies) {}

  /** One apprenticeship standard and the stage it qualifies for. */
  public record Apprenticeship(String code, String title, Stage stage, List<String> competencies) {}

  private final Map<String, Subject> subjectsByIri;
  private final double cstfPassMark;
  private final String careCertificateIri;
  private final Map<String, CareStandard> careStandardsByIri;
  private final Map<String, Apprenticeship> apprenticeshipsByIri;

  private RuleData(Map<String, Subject> subjectsByIri, double cstfPassMark, String careCertificateIri,
      Map<String, CareStandard> careStandardsByIri, Map<String, Apprenticeship> apprenticeshipsByIri) {
    this.subjectsByIri = Map.copyOf(subjectsByIri);
    this.cstfPassMark = cstfPassMark;
    this.careCertificateIri = careCertificateIri;
    this.careStandardsByIri = Map.copyOf(careStandardsByIri);
    this.apprenticeshipsByIri = Map.copyOf(apprenticeshipsByIri);
  }

  /** The built-in data, fire safety renewed yearly. */
  public static RuleData load(Framework framework) {
    return load(framework, Period.ofYears(1));
  }

  /**
   * The built-in data with fire safety renewed after {@code fireSafetyRenewal}: from the data's own period
   * (P1Y) up to its {@code fireSafetyMaximumRenewal} (P2Y), in whole years or months; the CSTF lets an
   * organisation choose within that range.
   *
   * @throws IllegalArgumentException for a period outside that range
   */
  public static RuleData load(Framework framework, Period fireSafetyRenewal) {
    JsonObject cstf = read("/rules/core-skills-training-framework.json");
    Period maximum = Period.parse(cstf.getString("fireSafetyMaximumRenewal"));
    Period minimum = null;
    for (Object o : cstf.getJsonArray("subjects")) {
      if (FIRE_SAFETY.equals(((JsonObject) o).getString("code"))) {
        minimum = Period.parse(((JsonObject) o).getString("renewal"));
      }
    }
    if (minimum == null) {
      throw new IllegalStateException("the CSTF data has no " + FIRE_SAFETY + " subject");
    }
    if (fireSafetyRenewal.getDays() != 0 || fireSafetyRenewal.toTotalMonths() < minimum.toTotalMonths()
        || fireSafetyRenewal.toTotalMonths() > maximum.toTotalMonths()) {
      throw new IllegalArgumentException("fire safety renewal must be whole years or months from " + minimum + " to "
          + maximum + ", not " + fireSafetyRenewal);
    }
    Map<String, Subject> subjects = new LinkedHashMap<>();
    for (Object o : cstf.getJsonArray("subjects")) {
      JsonObject s = (JsonObject) o;
      String code = s.getString("code");
      Period renewal = FIRE_SAFETY.equals(code) ? fireSafetyRenewal : Period.parse(s.getString("renewal"));
      subjects.put(CSTF_PREFIX + code, new Subject(code, s.getString("title"), renewal,
          competencies(framework, s.getJsonArray("competencies"), "cstf " + code)));
    }
    JsonObject care = read("/rules/care-certificate.json");
    Map<String, CareStandard> standards = new LinkedHashMap<>();
    for (Object o : care.getJsonArray("standards")) {
      JsonObject s = (JsonObject) o;
      int number = s.getInteger("number");
      standards.put(care.getString("standardPrefix") + number, new CareStandard(number, s.getString("title"),
          competencies(framework, s.getJsonArray("competencies"), "care certificate standard " + number)));
    }
    JsonObject apprenticeships = read("/rules/apprenticeship-standards.json");
    Map<String, Apprenticeship> byIri = new LinkedHashMap<>();
    for (Object o : apprenticeships.getJsonArray("standards")) {
      JsonObject s = (JsonObject) o;
      Stage stage = Stage.fromCode(s.getString("stage"))
          .orElseThrow(() -> new IllegalStateException("apprenticeship " + s.getString("code") + ": unknown stage"));
      byIri.put(apprenticeships.getString("categoryPrefix") + s.getString("code"), new Apprenticeship(s.getString("code"),
          s.getString("title"), stage, competencies(framework, s.getJsonArray("competencies"), s.getString("code"))));
    }
    return new RuleData(subjects, cstf.getDouble("passMark"), care.getString("certificate"), standards, byIri);
  }

  public Map<String, Subject> subjectsByIri() {
    return subjectsByIri;
  }

  public double cstfPassMark() {
    return cstfPassMark;
  }

  public String careCertificateIri() {
    return careCertificateIri;
  }

  public Map<String, CareStandard> careStandardsByIri() {
    return careStandardsByIri;
  }

  public Map<String, Apprenticeship> apprenticeshipsByIri() {
    return apprenticeshipsByIri;
  }

  private static List<String> competencies(Framework framework, JsonArray numbers, String where) {
    List<String> list = numbers.stream().map(String::valueOf).toList();
    for (String number : list) {
      if (framework.competency(number).isEmpty()) {
        throw new IllegalStateException(where + " names competency " + number + ", which the framework does not have");
      }
    }
    return list;
  }

  private static JsonObject read(String resource) {
    try (InputStream in = RuleData.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("rule data resource " + resource + " is not on the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
