package org.ahphub.events;

/** CloudEvents {@code type} values the hub publishes. */
public final class EventTypes {
  public static final String STATEMENT_STORED = "org.ahphub.lrs.statement.stored";
  public static final String STATEMENT_VOIDED = "org.ahphub.lrs.statement.voided";

  public static final String COMPETENCY_CREDITED = "org.ahphub.passport.competency.credited";
  public static final String COMPETENCY_RENEWED = "org.ahphub.passport.competency.renewed";
  public static final String COMPETENCY_EXPIRING = "org.ahphub.passport.competency.expiring";
  public static final String COMPETENCY_EXPIRED = "org.ahphub.passport.competency.expired";
  public static final String COMPETENCY_RETRACTED = "org.ahphub.passport.competency.retracted";
  public static final String STAGE_ATTAINED = "org.ahphub.passport.stage.attained";
  public static final String STAGE_LOST = "org.ahphub.passport.stage.lost";
  /**
   * A verifiable credential of a competency x stage was revoked, by an operator (with their reason) or by the hub
   * when the credit behind it was retracted or expired.
   */
  public static final String CREDENTIAL_REVOKED = "org.ahphub.passport.credential.revoked";

  /**
   * On {@code passport.updates}: another record (person) was joined to this person's, by the operator, the person
   * (with a claim code) or an organisation trusted to assert identifiers; its evidence is now this passport's.
   */
  public static final String PASSPORT_MERGED = "org.ahphub.passport.merged";
  /** On {@code passport.updates}: a merge was undone; the restored person's evidence left this passport. */
  public static final String PASSPORT_UNMERGED = "org.ahphub.passport.unmerged";

  /**
   * On {@code passport.updates} (and to every organisation that could see the person): the person was erased at
   * the hub operator's hand (UK GDPR article 17). Delete your copies of their passport. Unlike a void, which
   * retracts one statement, this removes the person everywhere.
   */
  public static final String PASSPORT_ERASED = "org.ahphub.passport.erased";

  /** On {@code passport.identities}: the complete current list of a person's identifiers. */
  public static final String PERSON_IDENTIFIERS = "org.ahphub.passport.person.identifiers";
  /** On {@code passport.identities}: the person was merged into another and has no identifiers of its own. */
  public static final String PERSON_MERGED = "org.ahphub.passport.person.merged";

  private EventTypes() {}
}
