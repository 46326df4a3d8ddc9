package org.ahphub.events;

/** Kafka topics that form the hub's contracts (documented in the README). */
public final class Topics {
  /** Every statement the LRS accepted, keyed by learner. */
  public static final String LRS_STATEMENTS = "lrs.statements";
  /** Every change to a skills passport, keyed by person id. */
  public static final String PASSPORT_UPDATES = "passport.updates";
  /** Every change to which xAPI identifiers belong to one person (linked, merged), keyed by person id. */
  public static final String PASSPORT_IDENTITIES = "passport.identities";
  /** Records of {@code lrs.statements} the competency mapper could not read, with the reason in headers. */
  public static final String LRS_STATEMENTS_DEAD_LETTERS = "lrs.statements.dlq";

  private Topics() {}
}
