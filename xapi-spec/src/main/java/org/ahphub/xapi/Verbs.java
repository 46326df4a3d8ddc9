package org.ahphub.xapi;

/** ADL verb IRIs the hub acts on. */
public final class Verbs {
  public static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";
  public static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
  public static final String PASSED = "http://adlnet.gov/expapi/verbs/passed";
  public static final String FAILED = "http://adlnet.gov/expapi/verbs/failed";
  public static final String MASTERED = "http://adlnet.gov/expapi/verbs/mastered";
  public static final String ATTENDED = "http://adlnet.gov/expapi/verbs/attended";
  /** cmi5's "satisfied": the LMS judged the move-on criteria met. */
  public static final String SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied";

  private Verbs() {}
}
