package org.ahphub.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A realistic statement mix for {@link LrsBenchmark}: many learners (e-mail and e-LfH account
 * identifiers), a few hundred activities in programmes aligned to framework competencies, a dozen
 * verbs weighted as learning platforms send them, and one registration per learner × activity
 * attempt. Deterministic: the same learner, activity and registration numbers give the same
 * identifiers in every run, so queries of a later run find what an earlier run seeded. Called from
 * several event loops, so its methods are synchronised.
 */
final class LrsWorkload {

  static final int LEARNERS = 50_000;
  static final int ACTIVITIES = 300;
  static final int PROGRAMMES = 30;
  static final int ATTEMPTS_PER_ACTIVITY = 2;

  /** Verbs and how often each occurs (per 100 statements). */
  private static final String[][] VERBS = {
      {"http://adlnet.gov/expapi/verbs/launched", "launched", "14"},
      {"http://adlnet.gov/expapi/verbs/initialized", "initialized", "14"},
      {"http://adlnet.gov/expapi/verbs/experienced", "experienced", "16"},
      {"http://adlnet.gov/expapi/verbs/progressed", "progressed", "12"},
      {"http://adlnet.gov/expapi/verbs/answered", "answered", "10"},
      {"http://adlnet.gov/expapi/verbs/attempted", "attempted", "8"},
      {"http://adlnet.gov/expapi/verbs/completed", "completed", "9"},
      {"http://adlnet.gov/expapi/verbs/passed", "passed", "6"},
      {"http://adlnet.gov/expapi/verbs/failed", "failed", "2"},
      {"http://adlnet.gov/expapi/verbs/terminated", "terminated", "7"},
      {"http://adlnet.gov/expapi/verbs/suspended", "suspended", "1"},
      {"https://w3id.org/xapi/adl/verbs/satisfied", "satisfied", "1"},
  };
  private static final int[] VERB_TABLE = verbTable();

  private final SplittableRandom random;
  /** Registrations of recently generated statements: registration queries ask for ones that exist. */
  private final String[] recentRegistrations = new String[8192];
  private long generated;

  LrsWorkload(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** One statement as JSON text (no id: the LRS assigns it). */
  synchronized String statement() {
    int learner = random.nextInt(LEARNERS);
    int activity = random.nextInt(ACTIVITIES);
    int verb = VERB_TABLE[random.nextInt(VERB_TABLE.length)];
    int attempt = random.nextInt(ATTEMPTS_PER_ACTIVITY);
    StringBuilder json = new StringBuilder(900);
    json.append("{\"actor\":").append(agent(learner))
        .append(",\"verb\":{\"id\":\"").append(VERBS[verb][0]).append("\",\"display\":{\"en-GB\":\"")
        .append(VERBS[verb][1]).append("\"}}")
        .append(",\"object\":{\"objectType\":\"Activity\",\"id\":\"").append(activityId(activity))
        .append("\",\"definition\":{\"name\":{\"en-GB\":\"Module ").append(activity)
        .append("\"},\"type\":\"http://adlnet.gov/expapi/activities/module\"}}");
    if (verb >= 4 && verb <= 8) {
      json.append(",\"result\":{\"score\":{\"scaled\":").append(random.nextInt(101) / 100.0)
          .append("},\"success\":").append(verb != 8).append(",\"completion\":").append(verb >= 6)
          .append(",\"duration\":\"PT").append(1 + random.nextInt(3600)).append("S\"}");
    }
    String registration = registration(learner, activity, attempt);
    recentRegistrations[(int) (generated++ % recentRegistrations.length)] = registration;
    json.append(",\"context\":{\"registration\":\"").append(registration)
        .append("\",\"platform\":\"e-Learning for Health\",\"language\":\"en-GB\"")
        .append(",\"contextActivities\":{\"parent\":[{\"id\":\"").append(programmeId(activity % PROGRAMMES))
        .append("\"}],\"category\":[{\"id\":\"https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/")
        .append(1 + activity % 8).append('.').append(1 + activity % 7).append("\"}]}}")
        .append(",\"timestamp\":\"2026-0").append(1 + random.nextInt(9)).append("-1")
        .append(random.nextInt(10)).append("T1").append(random.nextInt(10)).append(":0")
        .append(random.nextInt(10)).append(":00.000Z\"}");
    return json.toString();
  }

  /** A batch as a JSON array. */
  synchronized String batch(int size) {
    StringBuilder json = new StringBuilder(size * 900).append('[');
    for (int i = 0; i < size; i++) {
      json.append(i == 0 ? "" : ",").append(statement());
    }
    return json.append(']').toString();
  }

  /** A registration seen in the store (a GET-only run learns them from statements it reads). */
  synchronized void remember(String registration) {
    recentRegistrations[(int) (generated++ % recentRegistrations.length)] = registration;
  }

  /** The registration of a statement generated recently (so it is stored), or any when none was. */
  synchronized String existingRegistration() {
    long known = Math.min(generated, recentRegistrations.length);
    return known == 0 ? registration(randomLearner(), randomActivity(), randomAttempt())
        : recentRegistrations[random.nextInt((int) known)];
  }

  synchronized int randomLearner() {
    return random.nextInt(LEARNERS);
  }

  synchronized int randomActivity() {
    return random.nextInt(ACTIVITIES);
  }

  synchronized int randomAttempt() {
    return random.nextInt(ATTEMPTS_PER_ACTIVITY);
  }

  /** A verb as common as the mix makes it. */
  synchronized String randomVerb() {
    return VERBS[VERB_TABLE[random.nextInt(VERB_TABLE.length)]][0];
  }

  /** Seven learners in ten are known by a trust e-mail address, the others by their e-LfH account. */
  static String agent(int learner) {
    return learner % 10 < 7
        ? "{\"objectType\":\"Agent\",\"mbox\":\"mailto:learner-" + learner + "@trust-" + learner % 40 + ".example.nhs.uk\"}"
        : "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://www.e-lfh.org.uk\",\"name\":\"L"
            + (1_000_000 + learner) + "\"}}";
  }

  static String activityId(int activity) {
    return "https://learning.example-elfh.nhs.uk/modules/" + activity;
  }

  static String programmeId(int programme) {
    return "https://learning.example-elfh.nhs.uk/programmes/" + programme;
  }

  static String registration(int learner, int activity, int attempt) {
    return UUID.nameUUIDFromBytes((learner + "/" + activity + "/" + attempt).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static int[] verbTable() {
    int total = 0;
    for (String[] verb : VERBS) {
      total += Integer.parseInt(verb[2]);
    }
    int[] table = new int[total];
    int at = 0;
    for (int v = 0; v < VERBS.length; v++) {
      for (int n = 0; n < Integer.parseInt(VERBS[v][2]); n++) {
        table[at++] = v;
      }
    }
    return table;
  }
}
