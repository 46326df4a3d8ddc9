package org.ahphub.connectors.local;

import org.ahphub.connectors.translate.LearnerNames;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.ahphub.connectors.input.Field;
import org.ahphub.connectors.input.Row;
import org.ahphub.connectors.input.Schema;
import org.ahphub.connectors.translate.Problems;
import org.ahphub.connectors.translate.Translation;
import org.ahphub.connectors.translate.Translator;
import org.ahphub.connectors.xapi.Dates;
import org.ahphub.connectors.xapi.StatementIds;
import org.ahphub.connectors.xapi.Statements;
import org.ahphub.connectors.xapi.Verb;
import org.ahphub.xapi.ActivityTypes;

/**
 * A trust's local training: sessions attended, or competence assessed in practice. One row, one
 * statement:
 *
 * <ul>
 *   <li>outcome attended → {@code attended};
 *   <li>competent / assessed / assessed competent → {@code passed}, {@code result.success = true};
 *   <li>not yet competent (NYC) → {@code failed}, {@code result.success = false}.
 * </ul>
 *
 * Actor {@code account {homePage: the trust's, name: staff number}}, named from a name column when the file has one
 * ({@link LearnerNames}); object the catalogue activity
 * from the {@link SessionMapping}; the mapped competency IRIs in {@code contextActivities.category};
 * the assessor, when given, as {@code context.instructor} — an Agent identified by
 * {@code account {homePage: the trust's, name: assessor}} (the column holds the assessor's staff
 * number, never an e-mail address). Id: {@code local|<staff>|<SESSION CODE>|<instant>|<verb>}.
 *
 * <p>Competent and not yet competent are judgements of practice: the competency mapper lists a statement as
 * assessed practice when it carries {@code result.success} and names an assessor ({@code context.instructor}) or
 * its activity is a task performed ({@link ActivityTypes#PERFORMANCE}). So a competence row that names no assessor
 * gets that activity type (unless the mapping gives the session a type of its own); a row with an assessor says
 * so already, and its statement stays as it always was (a re-import finds it unchanged).
 */
public final class LocalTrainingTranslator implements Translator {

  public static final String SOURCE = "local";
  public static final String PLATFORM = "Local trust training";

  public static final Schema SCHEMA = Schema.of(java.util.stream.Stream.concat(java.util.stream.Stream.of(
      Field.required("staffNumber", "staff number", "staff no", "staff id", "employee number", "assignment number",
          "esr number"),
      Field.required("sessionCode", "session code", "session", "course code"),
      Field.required("date", "session date", "assessed date", "attended date", "date attended"),
      Field.optional("assessor", "assessor staff number", "assessed by"),
      Field.required("outcome", "result", "status")),
      java.util.stream.Stream.of(LearnerNames.fields("name", "staff name", "employee name"))).toArray(Field[]::new));

  private final String homePage;
  private final SessionMapping mapping;
  private final ZoneId zone;

  public LocalTrainingTranslator(String homePage, SessionMapping mapping, ZoneId zone) {
    this.homePage = homePage;
    this.mapping = mapping;
    this.zone = zone;
  }

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public Translation translate(Row row) {
    Problems problems = new Problems();
    String staff = problems.require("staffNumber", row.get("staffNumber"), "staff number", s -> s);
    SessionMapping.Session session = problems.require("sessionCode", row.get("sessionCode"), "session code", code -> {
      SessionMapping.Session found = mapping.find(code);
      if (found == null) {
        throw new IllegalArgumentException("session code '" + code + "' is not in the mapping file");
      }
      return found;
    });
    OffsetDateTime date = problems.require("date", row.get("date"), "date", text -> Dates.parse(text, zone));
    Verb verb = problems.require("outcome", row.get("outcome"), "outcome", LocalTrainingTranslator::verb);
    if (problems.any()) {
      return Translation.rejected(problems.list());
    }
    String recordKey = staff + "|" + session.code().toUpperCase(Locale.ROOT) + "|" + date.toInstant();
    String assessor = row.get("assessor");
    String type = session.type() == null && assessor == null && judgesPractice(row.get("outcome"))
        ? ActivityTypes.PERFORMANCE : session.type();
    JsonObject statement = Statements.statement(StatementIds.of(SOURCE, recordKey, verb.display()),
        LearnerNames.named(Statements.accountAgent(homePage, staff), row), verb,
        Statements.activity(session.activity(), type, session.name()));
    if (verb != Verb.ATTENDED) {
      statement.put("result", new JsonObject().put("success", verb == Verb.PASSED).put("completion", true));
    }
    JsonObject context = new JsonObject().put("platform", PLATFORM);
    if (assessor != null) {
      context.put("instructor", Statements.accountAgent(homePage, assessor));
    }
    JsonObject categories = Statements.categories(session.competencies());
    if (categories != null) {
      context.put("contextActivities", categories);
    }
    statement.put("context", context).put("timestamp", Dates.timestamp(date));
    return Translation.of(List.of(statement));
  }

  /** Whether the outcome is a judgement of competence in practice (competent, assessed, not yet competent). */
  static boolean judgesPractice(String outcome) {
    String value = normalised(outcome);
    return value.contains("competent") || value.contains("assessed") || "nyc".equals(value);
  }

  private static String normalised(String outcome) {
    return outcome.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ").strip();
  }

  static Verb verb(String outcome) {
    String value = normalised(outcome);
    return switch (value) {
      case "attended", "attendance" -> Verb.ATTENDED;
      case "competent", "assessed", "assessed competent", "pass", "passed" -> Verb.PASSED;
      case "not yet competent", "nyc", "not competent", "assessed not yet competent", "fail", "failed" -> Verb.FAILED;
      default -> throw new IllegalArgumentException(
          "outcome '" + outcome + "' is not attended, competent/assessed or not yet competent");
    };
  }
}
