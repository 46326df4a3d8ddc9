package org.ahphub.connectors.apprenticeship;

import org.ahphub.connectors.translate.LearnerNames;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ahphub.connectors.input.Field;
import org.ahphub.connectors.input.Row;
import org.ahphub.connectors.input.Schema;
import org.ahphub.connectors.translate.OutcomeChange;
import org.ahphub.connectors.translate.OutcomeHistory;
import org.ahphub.connectors.translate.Problem;
import org.ahphub.connectors.translate.Problems;
import org.ahphub.connectors.translate.Translation;
import org.ahphub.connectors.translate.Translator;
import org.ahphub.connectors.xapi.Dates;
import org.ahphub.connectors.xapi.StatementIds;
import org.ahphub.connectors.xapi.Statements;
import org.ahphub.connectors.xapi.Verb;
import org.ahphub.connectors.xapi.Vocab;

/**
 * Apprenticeship providers' ILR-style learning-aim records (programme type 25, apprenticeship
 * standards). One aim — learner (ULN), standard and start date — becomes:
 *
 * <ul>
 *   <li>{@code registered} at the learning start date (always);
 *   <li>by completion status: 1 continuing → nothing more; 2 completed → {@code completed} at the
 *       actual end date; 3 withdrawn → {@code terminated} at the actual end date (no passed/failed: a
 *       withdrawal is not an assessment result); 6 break in learning → {@code suspended} at the actual
 *       end date;
 *   <li>by outcome: 1 achieved → {@code passed} (success true); 3 not achieved, with status 2 →
 *       {@code failed}; 8 awaiting, or blank → no outcome statement. Timestamped at the achievement
 *       date, else the actual end date. The grade goes in {@code result.extensions}
 *       ({@value Vocab#EXT_GRADE}), the end-point assessment organisation id in
 *       {@code context.extensions} ({@value Vocab#EXT_EPA_ORGANISATION}).
 * </ul>
 *
 * <p>Every statement: actor {@code account {homePage, name: ULN}} (its {@code name} the ILR's given names and family
 * name when the extract has them, {@link LearnerNames}); object the standard,
 * {@code https://www.instituteforapprenticeships.org/apprenticeship-standards/st0216}; category
 * {@code https://ahp-hub.org/vocab/apprenticeship-standard/ST0216}; {@code context.registration} a
 * UUID derived from the aim, so all statements of one aim share it.
 *
 * <p>Corrections: the outcome history (from earlier imports) says which outcome statement stands
 * for the aim. When a record brings a different outcome, the translation first voids the standing
 * statement ({@code voided}, object StatementRef to its deterministic id; actor the same learner so
 * it stays in the learner's event order) and then states the new outcome. An outcome that was
 * voided earlier cannot be stated again with the same deterministic id, so such a record is
 * rejected with a reason. Replaying a record already in the history (same file imported again)
 * gives exactly the statements it gave the first time.
 */
public final class ApprenticeshipTranslator implements Translator {

  public static final String SOURCE = "apprenticeship";
  public static final String DEFAULT_HOME_PAGE = "https://www.gov.uk/uln";
  public static final String STANDARD_BASE = "https://www.instituteforapprenticeships.org/apprenticeship-standards/";
  public static final String PLATFORM = "Apprenticeship provider (ILR)";

  /** Standards the hub knows by name; others are imported under their reference alone. */
  public static final Map<String, String> STANDARDS = Map.of(
      "ST0215", "Assistant Practitioner (Health), Level 5",
      "ST0216", "Healthcare Support Worker, Level 2",
      "ST0217", "Senior Healthcare Support Worker, Level 3");

  public static final Schema SCHEMA = Schema.of(java.util.stream.Stream.concat(java.util.stream.Stream.of(
      Field.optional("learnRefNumber", "learner reference number", "learner ref", "learner reference"),
      Field.required("uln", "unique learner number"),
      Field.required("progType", "programme type", "prog type"),
      Field.required("stdCode", "standard code", "standard", "std code"),
      Field.required("learnStartDate", "learning start date", "start date"),
      Field.optional("learnPlanEndDate", "planned end date", "learning planned end date", "planned end"),
      Field.optional("learnActEndDate", "actual end date", "learning actual end date", "actual end"),
      Field.required("compStatus", "completion status", "comp status"),
      Field.optional("outcome", "learning outcome"),
      Field.optional("outGrade", "outcome grade", "grade"),
      Field.optional("achDate", "achievement date"),
      Field.optional("epaOrgId", "epa org id", "epao id", "epa organisation id", "epa organisation", "epao")),
      java.util.stream.Stream.of(LearnerNames.fields())).toArray(Field[]::new));

  private static final Pattern ULN = Pattern.compile("\\d{10}");
  private static final Pattern STANDARD = Pattern.compile("(?i)(?:st)?0*(\\d{1,4})");

  private final String homePage;
  private final OutcomeHistory outcomes;
  private final ZoneId zone;

  public ApprenticeshipTranslator(String homePage, OutcomeHistory outcomes, ZoneId zone) {
    this.homePage = homePage;
    this.outcomes = outcomes;
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
    String uln = problems.require("uln", row.get("uln"), "ULN", ApprenticeshipTranslator::uln);
    problems.require("progType", row.get("progType"), "programme type", ApprenticeshipTranslator::progType);
    String standard = problems.require("stdCode", row.get("stdCode"), "standard code",
        ApprenticeshipTranslator::standard);
    LocalDate start = problems.require("learnStartDate", row.get("learnStartDate"), "learning start date",
        this::date);
    LocalDate plannedEnd = problems.parse("learnPlanEndDate", row.get("learnPlanEndDate"), this::date);
    LocalDate actualEnd = problems.parse("learnActEndDate", row.get("learnActEndDate"), this::date);
    Integer status = problems.require("compStatus", row.get("compStatus"), "completion status",
        ApprenticeshipTranslator::completionStatus);
    Integer outcome = problems.parse("outcome", row.get("outcome"), ApprenticeshipTranslator::outcome);
    LocalDate achieved = problems.parse("achDate", row.get("achDate"), this::date);
    if (problems.any()) {
      return Translation.rejected(problems.list());
    }
    if (status != 1 && actualEnd == null) {
      problems.add("learnActEndDate", "completion status " + status + " needs the actual end date");
    }
    if (actualEnd != null && actualEnd.isBefore(start)) {
      problems.add("learnActEndDate", "the actual end date is before the start date");
    }
    if (outcome != null && outcome == 1 && achieved == null && actualEnd == null) {
      problems.add("achDate", "outcome 1 (achieved) needs an achievement date or actual end date");
    }
    if (outcome != null && outcome == 3 && status != 2 && status != 3) {
      problems.add("outcome", "outcome 3 (not achieved) contradicts completion status " + status);
    }
    if (problems.any()) {
      return Translation.rejected(problems.list());
    }

    String aim = uln + "|" + standard + "|" + start;
    String registration = StatementIds.of(SOURCE, aim, "registration");
    JsonObject actor = LearnerNames.named(Statements.accountAgent(homePage, uln), row);
    JsonObject object = Statements.activity(STANDARD_BASE + standard.toLowerCase(java.util.Locale.ROOT),
        Vocab.ACTIVITY_TYPE_COURSE, STANDARDS.getOrDefault(standard, "Apprenticeship standard " + standard));
    JsonObject context = new JsonObject()
        .put("registration", registration)
        .put("platform", PLATFORM)
        .put("contextActivities", Statements.categories(List.of(Vocab.APPRENTICESHIP_STANDARD + standard)));
    JsonObject extensions = new JsonObject();
    if (row.get("learnRefNumber") != null) {
      extensions.put(Vocab.EXT_LEARNER_REFERENCE, row.get("learnRefNumber"));
    }

    List<JsonObject> statements = new ArrayList<>();
    JsonObject registered = withExtensions(context, extensions.copy());
    if (plannedEnd != null) {
      registered.getJsonObject("extensions").put(Vocab.EXT_PLANNED_END_DATE, plannedEnd.toString());
    }
    statements.add(statement(aim, "registered", actor, Verb.REGISTERED, object, null, registered,
        Dates.timestamp(start, zone)));
    switch (status) {
      case 2 -> statements.add(statement(aim, "completed", actor, Verb.COMPLETED, object,
          new JsonObject().put("completion", true), withExtensions(context, extensions.copy()),
          Dates.timestamp(actualEnd, zone)));
      case 3 -> statements.add(statement(aim, "terminated", actor, Verb.TERMINATED, object,
          new JsonObject().put("completion", false), withExtensions(context, extensions.copy()),
          Dates.timestamp(actualEnd, zone)));
      case 6 -> statements.add(statement(aim, "suspended", actor, Verb.SUSPENDED, object,
          new JsonObject().put("completion", false), withExtensions(context, extensions.copy()),
          Dates.timestamp(actualEnd, zone)));
      default -> { }
    }

    // The outcome that a statement states for this aim: "1" passed, "3" failed, null none.
    String stated = outcome == null ? null : switch (outcome) {
      case 1 -> "1";
      case 3 -> status == 2 ? "3" : null;
      default -> null;
    };
    String key = ledgerKey(aim);
    List<OutcomeHistory.Entry> history = outcomes.history(key);
    String standing = null;
    OutcomeChange change = null;
    int replay = indexOf(history, row.origin());
    if (replay >= 0) {
      standing = replay == 0 ? null : history.get(replay - 1).outcome();
    } else {
      standing = history.isEmpty() ? null : history.get(history.size() - 1).outcome();
      if (!Objects.equals(stated, standing)) {
        if (stated != null && history.stream().anyMatch(e -> stated.equals(e.outcome()))) {
          return Translation.rejected(List.of(new Problem("outcome", "outcome " + stated
              + " was imported for this aim before and later corrected; it cannot be stated again"
              + " automatically, correct it in the LRS by hand")));
        }
        change = new OutcomeChange(key, row.origin(), stated);
      }
    }
    if (standing != null && !standing.equals(stated)) {
      statements.add(Statements.statement(StatementIds.of(SOURCE, aim, "voided|" + standing), actor, Verb.VOIDED,
          Statements.statementRef(outcomeId(aim, standing))));
    }
    if (stated != null) {
      JsonObject result = new JsonObject().put("success", stated.equals("1")).put("completion", true);
      if (row.get("outGrade") != null) {
        result.put("extensions", new JsonObject().put(Vocab.EXT_GRADE, row.get("outGrade")));
      }
      JsonObject outcomeExtensions = extensions.copy();
      if (row.get("epaOrgId") != null) {
        outcomeExtensions.put(Vocab.EXT_EPA_ORGANISATION, row.get("epaOrgId"));
      }
      statements.add(Statements.statement(outcomeId(aim, stated), actor, stated.equals("1") ? Verb.PASSED : Verb.FAILED,
              object.copy())
          .put("result", result)
          .put("context", withExtensions(context, outcomeExtensions))
          .put("timestamp", Dates.timestamp(achieved != null ? achieved : actualEnd, zone)));
    }
    return new Translation(statements, List.of(), change == null ? List.of() : List.of(change));
  }

  /** The id of the statement stating outcome {@code code} ("1" or "3") for the aim. */
  public static String outcomeId(String aim, String code) {
    return StatementIds.of(SOURCE, aim, "outcome|" + code);
  }

  /** The aim's key in the outcome ledger: a hash, so the state file holds no ULNs. */
  public static String ledgerKey(String aim) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(aim.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int indexOf(List<OutcomeHistory.Entry> history, String origin) {
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).origin().equals(origin)) {
        return i;
      }
    }
    return -1;
  }

  private static JsonObject statement(String aim, String event, JsonObject actor, Verb verb, JsonObject object,
      JsonObject result, JsonObject context, String timestamp) {
    JsonObject statement = Statements.statement(StatementIds.of(SOURCE, aim, event), actor.copy(), verb, object.copy());
    if (result != null) {
      statement.put("result", result);
    }
    return statement.put("context", context).put("timestamp", timestamp);
  }

  private static JsonObject withExtensions(JsonObject context, JsonObject extensions) {
    JsonObject copy = context.copy();
    if (!extensions.isEmpty()) {
      copy.put("extensions", extensions);
    }
    return copy;
  }

  private LocalDate date(String text) {
    return Dates.parseDate(text, zone);
  }

  static String uln(String value) {
    if (!ULN.matcher(value).matches()) {
      throw new IllegalArgumentException("the ULN must be 10 digits");
    }
    if (value.equals("9999999999")) {
      throw new IllegalArgumentException("the ULN is 9999999999 (not known); the learner cannot be identified");
    }
    return value;
  }

  static Integer progType(String value) {
    if (!value.equals("25")) {
      throw new IllegalArgumentException("programme type " + value + " is not 25 (apprenticeship standard)");
    }
    return 25;
  }

  /** "216", "0216", "ST0216", "st0216" → "ST0216". */
  static String standard(String value) {
    Matcher m = STANDARD.matcher(value);
    if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
      throw new IllegalArgumentException("standard code '" + value + "' is not a standard such as 216 or ST0216");
    }
    return String.format("ST%04d", Integer.parseInt(m.group(1)));
  }

  static Integer completionStatus(String value) {
    return switch (value) {
      case "1", "2", "3", "6" -> Integer.parseInt(value);
      default -> throw new IllegalArgumentException(
          "completion status " + value + " is not 1 (continuing), 2 (completed), 3 (withdrawn) or 6 (break)");
    };
  }

  static Integer outcome(String value) {
    return switch (value) {
      case "1", "3", "8" -> Integer.parseInt(value);
      default -> throw new IllegalArgumentException(
          "outcome " + value + " is not 1 (achieved), 3 (not achieved) or 8 (awaiting)");
    };
  }
}
