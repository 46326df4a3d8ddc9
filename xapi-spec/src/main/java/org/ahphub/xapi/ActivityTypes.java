package org.ahphub.xapi;

/** ADL activity type IRIs ({@code object.definition.type}) the hub writes or reads. */
public final class ActivityTypes {

  /**
   * A task performed and judged in its setting (ADL: "an attempted task or series of tasks within a particular
   * context"): what the hub reads, with a judged {@code result.success}, as practice assessed by an assessor.
   */
  public static final String PERFORMANCE = "http://adlnet.gov/expapi/activities/performance";

  /**
   * A test of knowledge, usually questions (ADL "assessment"): an e-learning quiz. Not assessed practice on its
   * own.
   */
  public static final String ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment";

  private ActivityTypes() {}
}
