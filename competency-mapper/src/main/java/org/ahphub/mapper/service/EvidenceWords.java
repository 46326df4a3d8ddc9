package org.ahphub.mapper.service;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ahphub.mapper.rules.LearningRecords;
import org.ahphub.mapper.rules.RuleData;
import org.ahphub.mapper.rules.StatutoryMandatoryTrainingRule;
import org.ahphub.mapper.store.PassportStore.EvidenceRow;
import org.ahphub.mapper.store.PassportStore.LearningRow;
import org.ahphub.mapper.store.PassportStore.StatementDetail;

/**
 * A piece of evidence in plain words (issue 18): what the learning was ({@code title}), who provided it
 * ({@code provider}), how it went ({@code outcome}, and {@code result} as stated), and for statutory and
 * mandatory training its Core Skills Training Framework subject, level and renewal date ({@code training}). The
 * rule stays in {@code rule} as detail. Evidence credited before the words were recorded has only what the
 * rule data can say. Each item, and each learning record that credits nothing, says whether it was learning or
 * practice assessed by someone ({@code kind}, {@link LearningRecords}).
 */
final class EvidenceWords {

  private static final Pattern LEVEL = Pattern.compile("^(.*), Level (\\d+)$");

  private EvidenceWords() {}

  static JsonObject describe(JsonObject json, EvidenceRow row, RuleData rules) {
    StatementDetail detail = row.detail();
    json.put("kind", LearningRecords.evidenceKind(row.kind(), detail == null ? null : detail.kind()));
    if (detail != null && detail.assessorRole() != null) {
      json.put("assessor", new JsonObject().put("role", detail.assessorRole()));
    }
    JsonObject training = training(row, detail, rules);
    String title = detail == null ? null : detail.activityName();
    if (title == null && training != null) {
      title = training.getString("title");
    }
    if (title == null && detail != null && detail.activityIri() != null) {
      title = known(detail.activityIri(), rules);
    }
    json.put("title", title);
    json.put("provider", detail != null && detail.platform() != null ? detail.platform() : row.sourceOrganisation());
    json.put("outcome", outcome(row.basis(), detail));
    words(json, detail);
    if (training != null) {
      json.put("training", training);
    }
    return json;
  }

  /**
   * A learning record in words: its {@code kind} ({@code learning}, or {@code assessment} for assessed practice,
   * with the assessor's role only), what it was, who provided it, when, and how it went ("Attended", "Competent",
   * "Not yet competent", "Failed, 40%"…).
   */
  static JsonObject describe(LearningRow row, RuleData rules) {
    StatementDetail detail = row.detail();
    String kind = LearningRecords.evidenceKind(LearningRecords.LEARNING, detail == null ? null : detail.kind());
    JsonObject json = new JsonObject()
        .put("statementId", row.statementId().toString())
        .put("kind", kind)
        .put("verb", row.verb());
    if (detail != null && detail.assessorRole() != null) {
      json.put("assessor", new JsonObject().put("role", detail.assessorRole()));
    }
    String title = detail == null ? null : detail.activityName();
    if (title == null && detail != null && detail.activityIri() != null) {
      title = known(detail.activityIri(), rules);
    }
    json.put("title", title)
        .put("provider", detail != null && detail.platform() != null ? detail.platform() : row.sourceOrganisation())
        .put("outcome", outcome(row.verb(), detail))
        .put("achievedAt", row.achievedAt().toString())
        .put("sourceOrganisation", row.sourceOrganisation())
        .put("sourceOrganisationId", row.sourceOrganisationId() == null ? null : row.sourceOrganisationId().toString())
        .put("recordedAt", row.recordedAt().toString());
    words(json, detail);
    return json;
  }

  /** The activity and the result as stated, when the statement's details were recorded. */
  private static void words(JsonObject json, StatementDetail detail) {
    if (detail != null) {
      json.put("activity", new JsonObject().put("iri", detail.activityIri()).put("name", detail.activityName()));
      JsonObject result = new JsonObject();
      if (detail.success() != null) {
        result.put("success", detail.success());
      }
      if (detail.completion() != null) {
        result.put("completion", detail.completion());
      }
      if (detail.scoreScaled() != null) {
        result.put("scoreScaled", detail.scoreScaled());
      }
      if (!result.isEmpty()) {
        json.put("result", result);
      }
    }
  }

  /** The CSTF subject this evidence stands for, with its level and renewal date; null for other evidence. */
  private static JsonObject training(EvidenceRow row, StatementDetail detail, RuleData rules) {
    if (!StatutoryMandatoryTrainingRule.ID.equals(row.ruleId()) || detail == null) {
      return null;
    }
    String code = detail.subjects().get(row.competencyNumber());
    RuleData.Subject subject = code == null ? null : rules.subjectsByIri().get(RuleData.CSTF_PREFIX + code);
    if (subject == null) {
      return null;
    }
    JsonObject training = new JsonObject().put("framework", "Core Skills Training Framework").put("subject", code);
    Matcher level = LEVEL.matcher(subject.title());
    if (level.matches()) {
      training.put("subjectTitle", level.group(1)).put("level", Integer.parseInt(level.group(2)));
    } else {
      training.put("subjectTitle", subject.title());
    }
    return training.put("title", subject.title())
        .put("renewal", subject.renewal().toString())
        .put("renewBy", row.validUntil() == null ? null : row.validUntil().toString());
  }

  /** The title the rule data gives an activity it knows (a Care Certificate standard, an apprenticeship). */
  private static String known(String iri, RuleData rules) {
    RuleData.CareStandard standard = rules.careStandardsByIri().get(iri);
    if (standard != null) {
      return "Care Certificate standard " + standard.number() + ": " + standard.title();
    }
    RuleData.Apprenticeship apprenticeship = rules.apprenticeshipsByIri().get(iri);
    return apprenticeship == null ? null : apprenticeship.title();
  }

  private static final Map<String, String> BASIS = Map.of(
      "completed", "Completed", "passed", "Passed", "mastered", "Mastered", "satisfied", "Requirements met",
      "waived", "Waived", "failed", "Failed", "attended", "Attended");

  /**
   * How it went, in words: passed with a score, completed, and so on; practice assessed as competent or not yet
   * competent ({@code result.success}).
   */
  static String outcome(String basis, StatementDetail detail) {
    if (detail != null && LearningRecords.ASSESSED_PRACTICE.equals(detail.kind()) && detail.success() != null) {
      return detail.success() ? "Competent" : "Not yet competent";
    }
    String words = basis == null ? null : BASIS.getOrDefault(basis.toLowerCase(Locale.ROOT), basis);
    if (detail != null && Boolean.TRUE.equals(detail.success()) && (words == null || "Completed".equals(words))) {
      words = "Passed";
    }
    if (detail != null && detail.scoreScaled() != null) {
      long percent = Math.round(detail.scoreScaled() * 100);
      words = (words == null ? "Scored" : words + ",") + " " + percent + "%";
    }
    return words;
  }
}
