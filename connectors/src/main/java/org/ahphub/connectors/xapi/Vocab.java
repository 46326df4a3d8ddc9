package org.ahphub.connectors.xapi;

/** The hub's own IRIs that the connectors write into statements. */
public final class Vocab {

  public static final String HUB = "https://ahp-hub.org/vocab/";
  public static final String CSTF = HUB + "cstf/";
  public static final String CARE_CERTIFICATE_STANDARD = HUB + "care-certificate/standard/";
  public static final String APPRENTICESHIP_STANDARD = HUB + "apprenticeship-standard/";

  /** Extension keys (absolute IRIs, as xAPI requires). */
  public static final String EXT = HUB + "xapi/extensions/";
  public static final String EXT_CERTIFICATE_ID = EXT + "certificate-id";
  public static final String EXT_GRADE = EXT + "grade";
  public static final String EXT_EPA_ORGANISATION = EXT + "epa-organisation";
  public static final String EXT_LEARNER_REFERENCE = EXT + "learner-reference-number";
  public static final String EXT_PLANNED_END_DATE = EXT + "planned-end-date";
  public static final String EXT_COMPLETION_STATUS = EXT + "ilr-completion-status";

  public static final String ACTIVITY_TYPE_COURSE = "http://adlnet.gov/expapi/activities/course";

  private Vocab() {}
}
