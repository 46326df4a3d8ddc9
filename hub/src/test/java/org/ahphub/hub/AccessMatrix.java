package org.ahphub.hub;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The table behind {@link AccessMatrixIT}: routes (rows) by callers (columns), each cell the status the hub must
 * answer. A row runs its request once per caller; every cell is checked and every wrong one collected, so one
 * run shows the whole picture. Printing it gives the matrix for the log and the closing note.
 */
final class AccessMatrix {

  /** Who calls: the columns of the matrix. */
  enum Caller {
    PERSON("person"),
    OTHER_PERSON("other person"),
    ACCEPTED("org accepted"),
    PENDING("org pending"),
    ENDED("org ended"),
    GRANTED("org granted"),
    PASSPORT_GRANT("org granted passport only"),
    REVOKED_GRANT("org grant revoked"),
    NOTHING("org nothing"),
    NO_SCOPE("org no scope"),
    MINE("org accepted, statements/read/mine"),
    XAPI_ALL("org with xAPI scope all"),
    OPERATOR("operator"),
    NONE("no credentials");

    final String label;

    Caller(String label) {
      this.label = label;
    }

  }

  /** What one cell did: its status, its body, and any harm it caused that the row checks for afterwards. */
  record Outcome(int status, String body, List<String> harm) {
    Outcome(int status, String body) {
      this(status, body, List.of());
    }
  }

  /** The expected status per caller; 0 means "not set" and makes the row incomplete. */
  static final class Expect {
    private final EnumMap<Caller, Integer> statuses = new EnumMap<>(Caller.class);

    /** An organisation route: learner tokens and no credentials 401, a credential without the scope 403. */
    static Expect organisationRoute() {
      return new Expect().set(401, Caller.PERSON, Caller.OTHER_PERSON, Caller.NONE)
          .set(403, Caller.NO_SCOPE, Caller.MINE, Caller.XAPI_ALL);
    }

    /** A learner's /me route: Basic credentials of any organisation (operator included) and none are 401. */
    static Expect learnerRoute(int person, int otherPerson) {
      return new Expect().set(401, Caller.values()).set(Caller.PERSON, person).set(Caller.OTHER_PERSON, otherPerson);
    }

    /** A public route: the same status for everyone. */
    static Expect publicRoute(int status) {
      return new Expect().set(status, Caller.values());
    }

    Expect set(Caller caller, int status) {
      statuses.put(caller, status);
      return this;
    }

    Expect set(int status, Caller... callers) {
      for (Caller caller : callers) {
        statuses.put(caller, status);
      }
      return this;
    }

    /** The organisations with the broad scopes (not the scope-less one, not the operator). */
    Expect organisations(int status) {
      return set(status, Caller.ACCEPTED, Caller.PENDING, Caller.ENDED, Caller.GRANTED, Caller.PASSPORT_GRANT,
          Caller.REVOKED_GRANT, Caller.NOTHING);
    }

    /** The organisations the person consented to see the passport (accepted relationship, grants). */
    Expect consented(int status) {
      return set(status, Caller.ACCEPTED, Caller.GRANTED, Caller.PASSPORT_GRANT);
    }

    /**
     * The organisations the person did not consent to (pending, ended, grant revoked, nothing, and one holding
     * the xAPI scope {@code all}: an LRS scope, not consent).
     */
    Expect strangers(int status) {
      return set(status, Caller.PENDING, Caller.ENDED, Caller.REVOKED_GRANT, Caller.NOTHING, Caller.XAPI_ALL);
    }

    int of(Caller caller) {
      return statuses.getOrDefault(caller, 0);
    }
  }

  /**
   * A route under test. {@code run} performs the cell for a caller (with any fixture of its own);
   * {@code secrets} maps text to the callers who alone may ever see it in a 2xx body;
   * {@code unknownTwin}, when set, is the same request for an unknown id: wherever the real request is refused
   * with 404, the twin must answer the same status and body (no existence oracle).
   */
  record Row(String name, Function<Caller, Outcome> run, Expect expect, Map<String, Set<Caller>> secrets,
      Function<Caller, Outcome> unknownTwin) {}

  /** A cell whose answer differs from the table, or that leaked or harmed something. */
  record Mismatch(String row, Caller caller, String problem) {
    @Override
    public String toString() {
      return row + " | " + caller.label + ": " + problem;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, EnumMap<Caller, Integer>> actual = new java.util.LinkedHashMap<>();
  private final List<Mismatch> mismatches = new ArrayList<>();
  private final Set<String> knownGaps;
  private final List<Mismatch> knownGapsSeen = new ArrayList<>();

  AccessMatrix(Set<String> knownGaps) {
    this.knownGaps = knownGaps;
  }

  void add(Row row) {
    rows.add(row);
  }

  List<Row> rows() {
    return rows;
  }

  /** Runs every cell, row by row in table order, caller by caller in column order. */
  void run() {
    for (Row row : rows) {
      EnumMap<Caller, Integer> statuses = new EnumMap<>(Caller.class);
      actual.put(row.name(), statuses);
      for (Caller caller : Caller.values()) {
        int expected = row.expect().of(caller);
        Outcome outcome;
        try {
          outcome = row.run().apply(caller);
        } catch (RuntimeException | AssertionError e) {
          statuses.put(caller, -1);
          record(row, caller, "failed to run: " + e);
          continue;
        }
        statuses.put(caller, outcome.status());
        if (expected == 0) {
          record(row, caller, "no expected status in the table; got " + outcome.status());
        } else if (outcome.status() != expected) {
          record(row, caller, "expected " + expected + ", got " + outcome.status() + " " + abbreviate(outcome.body()));
        }
        for (String harm : outcome.harm()) {
          record(row, caller, harm);
        }
        row.secrets().forEach((secret, maySee) -> {
          if (!maySee.contains(caller) && outcome.status() / 100 == 2 && outcome.body() != null
              && outcome.body().contains(secret)) {
            record(row, caller, "the body shows what only " + maySee + " may see (" + secret + ")");
          }
        });
        if (row.unknownTwin() != null && outcome.status() == 404) {
          Outcome twin = row.unknownTwin().apply(caller);
          if (twin.status() != outcome.status() || !String.valueOf(twin.body()).equals(String.valueOf(outcome.body()))) {
            record(row, caller, "existence oracle: refused with " + outcome.status() + " " + abbreviate(outcome.body())
                + " but an unknown id gives " + twin.status() + " " + abbreviate(twin.body()));
          }
        }
      }
    }
  }

  private void record(Row row, Caller caller, String problem) {
    Mismatch mismatch = new Mismatch(row.name(), caller, problem);
    if (knownGaps.contains(row.name() + " | " + caller.name())) {
      knownGapsSeen.add(mismatch);
    } else {
      mismatches.add(mismatch);
    }
  }

  /** The wrong cells, and any known gap that no longer shows (so that the list is kept honest: remove it). */
  List<Mismatch> mismatches() {
    List<Mismatch> all = new ArrayList<>(mismatches);
    Set<String> seen = new java.util.HashSet<>();
    knownGapsSeen.forEach(gap -> seen.add(gap.row() + " | " + gap.caller().name()));
    for (String gap : knownGaps) {
      if (!seen.contains(gap)) {
        int bar = gap.lastIndexOf(" | ");
        all.add(new Mismatch(gap.substring(0, bar), Caller.valueOf(gap.substring(bar + 3)),
            "listed in KNOWN_GAPS but answers as the matrix expects now: remove it from KNOWN_GAPS"));
      }
    }
    return all;
  }

  List<Mismatch> knownGapsSeen() {
    return knownGapsSeen;
  }

  /** Cells per caller that were run, and how many of them answered 2xx. */
  String counts() {
    StringBuilder out = new StringBuilder("cells per caller (run / allowed 2xx / refused 401 / 403 / 404 / other):\n");
    for (Caller caller : Caller.values()) {
      int run = 0;
      int ok = 0;
      int unauthorised = 0;
      int forbidden = 0;
      int notFound = 0;
      int other = 0;
      for (EnumMap<Caller, Integer> statuses : actual.values()) {
        Integer status = statuses.get(caller);
        if (status == null) {
          continue;
        }
        run++;
        switch (status / 100 == 2 ? 200 : status) {
          case 200 -> ok++;
          case 401 -> unauthorised++;
          case 403 -> forbidden++;
          case 404 -> notFound++;
          default -> other++;
        }
      }
      out.append(String.format("  %-36s %4d / %4d / %4d / %4d / %4d / %4d%n", caller.label, run, ok, unauthorised,
          forbidden, notFound, other));
    }
    return out.toString();
  }

  /** The matrix: one line per route, one column per caller, the statuses answered (expected in brackets if not). */
  String table() {
    int width = rows.stream().mapToInt(r -> r.name().length()).max().orElse(10);
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-" + width + "s", "route"));
    for (Caller caller : Caller.values()) {
      out.append(String.format(" %-9s", abbreviateLabel(caller)));
    }
    out.append('\n');
    for (Row row : rows) {
      out.append(String.format("%-" + width + "s", row.name()));
      EnumMap<Caller, Integer> statuses = actual.getOrDefault(row.name(), new EnumMap<>(Caller.class));
      for (Caller caller : Caller.values()) {
        Integer status = statuses.get(caller);
        int expected = row.expect().of(caller);
        String cell = status == null ? "-" : status == expected ? String.valueOf(status) : status + "(" + expected + ")";
        out.append(String.format(" %-9s", cell));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String abbreviateLabel(Caller caller) {
    return switch (caller) {
      case PERSON -> "person";
      case OTHER_PERSON -> "other";
      case ACCEPTED -> "accepted";
      case PENDING -> "pending";
      case ENDED -> "ended";
      case GRANTED -> "granted";
      case PASSPORT_GRANT -> "grant-pp";
      case REVOKED_GRANT -> "grant-rev";
      case NOTHING -> "nothing";
      case NO_SCOPE -> "noscope";
      case MINE -> "mine";
      case XAPI_ALL -> "xapi-all";
      case OPERATOR -> "operator";
      case NONE -> "anon";
    };
  }

  static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    String flat = body.replaceAll("\\s+", " ");
    return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
  }
}
