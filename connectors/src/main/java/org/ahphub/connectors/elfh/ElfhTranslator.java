package org.ahphub.connectors.elfh;

import org.ahphub.connectors.translate.LearnerNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.ahphub.connectors.input.Field;
import org.ahphub.connectors.input.Row;
import org.ahphub.connectors.input.Schema;
import org.ahphub.connectors.translate.Problems;
import org.ahphub.connectors.translate.Translation;
import org.ahphub.connectors.translate.Translator;
import org.ahphub.connectors.xapi.Dates;
import org.ahphub.connectors.xapi.Iris;
import org.ahphub.connectors.xapi.Score;
import org.ahphub.connectors.xapi.StatementIds;
import org.ahphub.connectors.xapi.Statements;
import org.ahphub.connectors.xapi.Verb;
import org.ahphub.connectors.xapi.Vocab;
import org.ahphub.xapi.Actors;
import org.ahphub.xapi.HubExtensions;

/**
 * e-Learning for Health completions (CSV or JSON export): each row becomes a {@code completed}
 * statement and, when the course was assessed (pass/fail given), a {@code passed} or {@code failed}
 * statement carrying the score.
 *
 * <ul>
 *   <li>Actor: an Agent with the single identifier {@code account {homePage: https://www.e-lfh.org.uk,
 *       name: learner id}}. Only when a row has no learner id is the e-mail address used, as
 *       {@code mbox} (lower-cased). When a row has both, e-LfH vouches for the address as the learner's second
 *       identifier: its SHA-1 sum goes into the context extension {@link HubExtensions#ASSERTED_IDENTIFIERS},
 *       so the learner's e-LfH and e-mail records meet in one passport (the mapper honours it from an
 *       e-learning platform's own accounts only). The address itself is not emitted. The actor's {@code name}
 *       comes from the learner name columns ({@link LearnerNames}) when the export has them.
 *   <li>Object: the course, {@code <activity base><course id>}, type course, named by the title.
 *   <li>Categories: the course's CSTF subjects / Care Certificate standards from {@link CourseSubjects}.
 *   <li>Score: "85", "85%" or "0.85" → scaled 0.85, raw 85, min 0, max 100. The completed statement
 *       carries the score and, when assessed, {@code result.success} too, so a completion with a
 *       failed assessment is never read as an achievement on its own.
 *   <li>Ids: {@code elfh|<learner>|<course id>|<completion instant>|completed|passed|failed}; a course
 *       completed again later is a new record, the same row imported again is not.
 * </ul>
 */
public final class ElfhTranslator implements Translator {

  public static final String SOURCE = "elfh";
  public static final String HOME_PAGE = "https://www.e-lfh.org.uk";
  public static final String DEFAULT_ACTIVITY_BASE = "https://www.e-lfh.org.uk/programmes/";
  public static final String PLATFORM = "e-Learning for Health";

  public static final Schema SCHEMA = Schema.of(java.util.stream.Stream.concat(java.util.stream.Stream.of(
      Field.optional("learnerId", "learner id", "user id", "elfh user id", "learner"),
      Field.optional("email", "e-mail", "email address", "e-mail address", "mail"),
      Field.required("courseId", "course id", "session id", "course code", "elearning session id", "component id"),
      Field.optional("courseTitle", "course title", "course name", "session title", "session name", "title"),
      Field.required("completedAt", "completion date", "completion date time", "completed", "completed on",
          "date completed", "completion datetime"),
      Field.optional("score", "assessment score", "score percent", "percentage", "score %"),
      Field.optional("passFail", "pass fail", "pass/fail", "result", "assessment result", "passed", "outcome"),
      Field.optional("certificateId", "certificate id", "certificate number", "certificate", "certificate ref")),
      java.util.stream.Stream.of(LearnerNames.fields())).toArray(Field[]::new))
      .requireAnyOf("learnerId", "email");

  private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+");

  private final String activityBase;
  private final CourseSubjects subjects;
  private final ZoneId zone;

  public ElfhTranslator(String activityBase, CourseSubjects subjects, ZoneId zone) {
    this.activityBase = Iris.base(activityBase);
    this.subjects = subjects;
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
    String learnerId = row.get("learnerId");
    String email = row.get("email");
    JsonObject actor = null;
    String learnerKey = null;
    if (learnerId != null) {
      actor = LearnerNames.named(Statements.accountAgent(HOME_PAGE, learnerId), row);
      learnerKey = "account:" + learnerId;
    } else if (email == null) {
      problems.add("learnerId", "no learner id and no e-mail address: the learner cannot be identified");
    } else if (!EMAIL.matcher(email).matches()) {
      problems.add("email", "no learner id, and the e-mail address is not valid");
    } else {
      String mbox = email.toLowerCase(Locale.ROOT);
      actor = LearnerNames.named(Statements.mboxAgent(mbox), row);
      learnerKey = "mbox:" + mbox;
    }
    String courseId = problems.require("courseId", row.get("courseId"), "course id", id -> id);
    OffsetDateTime completedAt = problems.require("completedAt", row.get("completedAt"), "completion date",
        text -> Dates.parse(text, zone));
    Score score = problems.parse("score", row.get("score"), Score::parse);
    Boolean passed = problems.parse("passFail", row.get("passFail"), ElfhTranslator::passFail);
    if (problems.any()) {
      return Translation.rejected(problems.list());
    }

    String recordKey = learnerKey + "|" + courseId + "|" + completedAt.toInstant();
    String timestamp = Dates.timestamp(completedAt);
    JsonObject course = Statements.activity(activityBase + Iris.segment(courseId), Vocab.ACTIVITY_TYPE_COURSE,
        row.get("courseTitle"));
    JsonObject context = new JsonObject().put("platform", PLATFORM);
    if (learnerId != null && email != null && EMAIL.matcher(email).matches()) {
      String sum = Actors.sha1Hex("mailto:" + email.toLowerCase(Locale.ROOT));
      context.put("extensions", new JsonObject().put(HubExtensions.ASSERTED_IDENTIFIERS,
          new JsonArray().add(new JsonObject().put("mbox_sha1sum", sum))));
    }
    JsonObject categories = Statements.categories(subjects.categoriesFor(courseId));
    if (categories != null) {
      context.put("contextActivities", categories);
    }

    List<JsonObject> statements = new ArrayList<>();
    // The completed statement carries the assessment result too, so that it never reads as an
    // unqualified achievement when the assessment was failed (the competency mapper credits a
    // completed statement unless result.success is false or the score is below the pass mark).
    JsonObject completion = new JsonObject().put("completion", true);
    if (passed != null) {
      completion.put("success", passed);
    }
    if (score != null) {
      completion.put("score", score.json());
    }
    String certificate = row.get("certificateId");
    if (certificate != null) {
      completion.put("extensions", new JsonObject().put(Vocab.EXT_CERTIFICATE_ID, certificate));
    }
    statements.add(Statements.statement(StatementIds.of(SOURCE, recordKey, "completed"), actor, Verb.COMPLETED,
            course.copy())
        .put("result", completion)
        .put("context", context.copy())
        .put("timestamp", timestamp));
    if (passed != null) {
      Verb verb = passed ? Verb.PASSED : Verb.FAILED;
      JsonObject result = new JsonObject().put("success", passed).put("completion", true);
      if (score != null) {
        result.put("score", score.json());
      }
      statements.add(Statements.statement(StatementIds.of(SOURCE, recordKey, verb.display()), actor.copy(), verb,
              course.copy())
          .put("result", result)
          .put("context", context.copy())
          .put("timestamp", timestamp));
    }
    return Translation.of(statements);
  }

  /** Pass/fail as exported: Pass/Passed/P/Yes/Y/True/1 or Fail/Failed/F/No/N/False/0. */
  static Boolean passFail(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "pass", "passed", "p", "yes", "y", "true", "1" -> true;
      case "fail", "failed", "f", "no", "n", "false", "0" -> false;
      default -> throw new IllegalArgumentException("pass/fail '" + value + "' is neither pass nor fail");
    };
  }
}
