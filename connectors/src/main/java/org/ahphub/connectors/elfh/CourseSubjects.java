package org.ahphub.connectors.elfh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ahphub.connectors.csv.CsvReader;
import org.ahphub.connectors.csv.CsvRecord;
import org.ahphub.connectors.input.InputException;
import org.ahphub.connectors.xapi.Vocab;

/**
 * Which e-LfH courses are statutory and mandatory training (UK Core Skills Training Framework
 * subjects) or Care Certificate standards, as category IRIs. Loaded from a CSV table; the default
 * table ({@code default-course-subjects.csv}, a documented guess) ships as a resource and a deployment
 * replaces it with its own file. Every problem in a table is reported at once.
 */
public final class CourseSubjects {

  public static final String DEFAULT_RESOURCE = "/org/ahphub/connectors/elfh/default-course-subjects.csv";

  /** The UK Core Skills Training Framework subject codes (11 subjects, two of them in two levels). */
  public static final Map<String, String> CSTF_SUBJECTS;

  static {
    Map<String, String> subjects = new LinkedHashMap<>();
    subjects.put("equality-diversity-human-rights", "Equality, Diversity and Human Rights");
    subjects.put("health-safety-welfare", "Health, Safety and Welfare");
    subjects.put("conflict-resolution", "Conflict Resolution");
    subjects.put("fire-safety", "Fire Safety");
    subjects.put("infection-prevention-control-l1", "Infection Prevention and Control, Level 1");
    subjects.put("infection-prevention-control-l2", "Infection Prevention and Control, Level 2");
    subjects.put("moving-handling-l1", "Moving and Handling, Level 1");
    subjects.put("moving-handling-l2", "Moving and Handling, Level 2");
    subjects.put("safeguarding-adults", "Safeguarding Adults");
    subjects.put("safeguarding-children", "Safeguarding Children");
    subjects.put("preventing-radicalisation", "Preventing Radicalisation");
    subjects.put("resuscitation", "Resuscitation");
    subjects.put("information-governance-data-security", "Information Governance and Data Security");
    CSTF_SUBJECTS = Collections.unmodifiableMap(subjects);
  }

  public static final int CARE_CERTIFICATE_STANDARDS = 15;

  private final Map<String, List<String>> categories;

  private CourseSubjects(Map<String, List<String>> categories) {
    this.categories = categories;
  }

  public static CourseSubjects empty() {
    return new CourseSubjects(Map.of());
  }

  public static CourseSubjects defaults() {
    try (InputStream in = CourseSubjects.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return load(in, "default-course-subjects.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InputException e) {
      throw new IllegalStateException("the default course table is invalid: " + e.getMessage(), e);
    }
  }

  /** Reads a table with columns course_id, scheme, subject (and any others, ignored). */
  public static CourseSubjects load(InputStream in, String name) throws IOException, InputException {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> table = new LinkedHashMap<>();
    try (CsvReader reader = CsvReader.utf8WithComments(in)) {
      CsvRecord header = reader.next();
      if (header == null) {
        throw InputException.of(name + ": empty course table");
      }
      int course = header.fields().indexOf("course_id");
      int scheme = header.fields().indexOf("scheme");
      int subject = header.fields().indexOf("subject");
      if (course < 0 || scheme < 0 || subject < 0) {
        throw InputException.of(name + ": the header must name the columns course_id, scheme and subject");
      }
      int width = Math.max(course, Math.max(scheme, subject)) + 1;
      for (CsvRecord record = reader.next(); record != null; record = reader.next()) {
        String where = name + " line " + record.line() + ": ";
        if (record.fields().size() < width) {
          problems.add(where + "expected at least " + width + " columns");
          continue;
        }
        String id = record.fields().get(course).strip();
        String kind = record.fields().get(scheme).strip();
        String code = record.fields().get(subject).strip();
        String iri = categoryIri(kind, code, where, problems);
        if (id.isEmpty()) {
          problems.add(where + "course_id is empty");
        } else if (iri != null) {
          table.computeIfAbsent(key(id), k -> new LinkedHashSet<>()).add(iri);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
    Map<String, List<String>> categories = new LinkedHashMap<>();
    table.forEach((k, v) -> categories.put(k, List.copyOf(v)));
    return new CourseSubjects(Collections.unmodifiableMap(categories));
  }

  private static String categoryIri(String scheme, String code, String where, List<String> problems) {
    switch (scheme) {
      case "cstf" -> {
        if (CSTF_SUBJECTS.containsKey(code)) {
          return Vocab.CSTF + code;
        }
        problems.add(where + "'" + code + "' is not a Core Skills Training Framework subject code");
        return null;
      }
      case "care-certificate" -> {
        try {
          int n = Integer.parseInt(code);
          if (n >= 1 && n <= CARE_CERTIFICATE_STANDARDS) {
            return Vocab.CARE_CERTIFICATE_STANDARD + n;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        problems.add(where + "'" + code + "' is not a Care Certificate standard (1 to 15)");
        return null;
      }
      default -> {
        problems.add(where + "scheme must be cstf or care-certificate, not '" + scheme + "'");
        return null;
      }
    }
  }

  private static String key(String courseId) {
    return courseId.toUpperCase(Locale.ROOT);
  }

  /** Category IRIs for the course, in table order; empty when the course is not listed. */
  public List<String> categoriesFor(String courseId) {
    return categories.getOrDefault(key(courseId), List.of());
  }

  public Map<String, List<String>> table() {
    return categories;
  }
}
