package org.ahphub.connectors.local;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.ahphub.connectors.csv.CsvReader;
import org.ahphub.connectors.csv.CsvRecord;
import org.ahphub.connectors.input.Field;
import org.ahphub.connectors.input.InputException;
import org.ahphub.connectors.xapi.Iris;

/**
 * A trust's local session codes → catalogue activities, and optionally the framework competencies
 * (or competency stage indicators) a session evidences. CSV:
 *
 * <pre>
 * session_code,activity_iri,activity_name,competencies
 * DYS-01,https://learning.example-trust.nhs.uk/sessions/dysphagia-awareness,Dysphagia awareness,https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/5.6/entry
 * </pre>
 *
 * (several competencies separated by spaces, {@code ;} or {@code |}; {@code activity_type} optional;
 * {@code #} lines are comments), or JSON:
 *
 * <pre>
 * {"sessions": [{"code": "DYS-01", "activity": "https://…", "name": "…", "type": "…",
 *                "competencies": ["https://ahp-hub.org/frameworks/…/competencies/5.6/entry"]}]}
 * </pre>
 *
 * Codes are matched without regard to case. Every problem in the file is reported at once.
 */
public final class SessionMapping {

  public record Session(String code, String activity, String name, String type, List<String> competencies) {}

  private static final Pattern COMPETENCY =
      Pattern.compile("https://ahp-hub\\.org/frameworks/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/competencies/[A-Za-z0-9.]+(/[a-z-]+)?");

  private final Map<String, Session> sessions;

  private SessionMapping(Map<String, Session> sessions) {
    this.sessions = sessions;
  }

  public static SessionMapping of(List<Session> list) {
    Map<String, Session> map = new LinkedHashMap<>();
    list.forEach(s -> map.put(key(s.code()), s));
    return new SessionMapping(Collections.unmodifiableMap(map));
  }

  public Session find(String code) {
    return sessions.get(key(code));
  }

  public int size() {
    return sessions.size();
  }

  /** Reads CSV or JSON (chosen by the name's extension, else by the first character). */
  public static SessionMapping load(InputStream in, String name) throws IOException, InputException {
    byte[] bytes = in.readAllBytes();
    String text = new String(bytes, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
    boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json")
        || (!name.toLowerCase(Locale.ROOT).endsWith(".csv") && text.stripLeading().startsWith("{"));
    List<String> problems = new ArrayList<>();
    List<Session> list = json ? fromJson(text, name, problems) : fromCsv(bytes, name, problems);
    Map<String, Session> map = new LinkedHashMap<>();
    for (Session s : list) {
      if (map.putIfAbsent(key(s.code()), s) != null) {
        problems.add(name + ": session code '" + s.code() + "' is mapped twice");
      }
    }
    if (map.isEmpty() && problems.isEmpty()) {
      problems.add(name + ": no sessions mapped");
    }
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
    return new SessionMapping(Collections.unmodifiableMap(map));
  }

  private static List<Session> fromCsv(byte[] bytes, String name, List<String> problems) throws IOException {
    List<Session> list = new ArrayList<>();
    try (CsvReader reader = CsvReader.utf8WithComments(new java.io.ByteArrayInputStream(bytes))) {
      CsvRecord header = reader.next();
      if (header == null) {
        return list;
      }
      int code = column(header, "session_code", "code", "session");
      int activity = column(header, "activity_iri", "activity", "activity_id");
      int title = column(header, "activity_name", "name", "title");
      int type = column(header, "activity_type", "type");
      int competencies = column(header, "competencies", "competency_iris", "competency");
      if (code < 0 || activity < 0) {
        problems.add(name + ": the header must name the columns session_code and activity_iri");
        return list;
      }
      for (CsvRecord r = reader.next(); r != null; r = reader.next()) {
        String where = name + " line " + r.line();
        List<String> comps = value(r, competencies) == null ? List.of()
            : Arrays.stream(value(r, competencies).split("[\\s;|]+")).filter(s -> !s.isBlank()).toList();
        Session s = new Session(value(r, code), value(r, activity), value(r, title), value(r, type), comps);
        if (check(s, where, problems)) {
          list.add(s);
        }
      }
    }
    return list;
  }

  private static List<Session> fromJson(String text, String name, List<String> problems) {
    List<Session> list = new ArrayList<>();
    JsonArray sessions;
    try {
      Object parsed = text.strip().startsWith("[") ? new JsonArray(text) : new JsonObject(text).getValue("sessions");
      if (!(parsed instanceof JsonArray array)) {
        problems.add(name + ": expected {\"sessions\": [...]}");
        return list;
      }
      sessions = array;
    } catch (DecodeException e) {
      problems.add(name + ": not valid JSON: " + e.getMessage());
      return list;
    }
    for (int i = 0; i < sessions.size(); i++) {
      String where = name + " sessions[" + i + "]";
      if (!(sessions.getValue(i) instanceof JsonObject o)) {
        problems.add(where + ": not an object");
        continue;
      }
      List<String> comps = new ArrayList<>();
      Object c = o.getValue("competencies");
      if (c instanceof JsonArray array) {
        array.forEach(v -> comps.add(String.valueOf(v)));
      } else if (c instanceof String single) {
        comps.add(single);
      }
      Session s = new Session(string(o, "code"), string(o, "activity"), string(o, "name"), string(o, "type"),
          List.copyOf(comps));
      if (check(s, where, problems)) {
        list.add(s);
      }
    }
    return list;
  }

  private static boolean check(Session s, String where, List<String> problems) {
    int before = problems.size();
    if (s.code() == null) {
      problems.add(where + ": session code is empty");
    }
    if (!Iris.isAbsoluteHttp(s.activity())) {
      problems.add(where + ": activity '" + s.activity() + "' is not an absolute http(s) IRI");
    }
    if (s.type() != null && !Iris.isAbsoluteHttp(s.type())) {
      problems.add(where + ": activity type '" + s.type() + "' is not an absolute http(s) IRI");
    }
    for (String competency : s.competencies()) {
      if (!COMPETENCY.matcher(competency).matches()) {
        problems.add(where + ": '" + competency + "' is not a competency IRI such as"
            + " https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/5.6[/entry]");
      }
    }
    return problems.size() == before;
  }

  private static int column(CsvRecord header, String... names) {
    for (int i = 0; i < header.fields().size(); i++) {
      String h = Field.normalise(header.fields().get(i));
      for (String n : names) {
        if (h.equals(Field.normalise(n))) {
          return i;
        }
      }
    }
    return -1;
  }

  private static String value(CsvRecord r, int index) {
    if (index < 0 || index >= r.fields().size()) {
      return null;
    }
    String v = r.fields().get(index).strip();
    return v.isEmpty() ? null : v;
  }

  private static String string(JsonObject o, String key) {
    Object v = o.getValue(key);
    return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).strip();
  }

  private static String key(String code) {
    return code == null ? "" : code.toUpperCase(Locale.ROOT);
  }
}
