package org.ahphub.xapi;

/** Extensions the hub's own components write into statements and read back: one definition for both sides. */
public final class HubExtensions {

  /**
   * Context extension: further identifiers of the actor that the storing organisation vouches for, as a JSON
   * array of xAPI identifier objects (e-mail addresses as {@code mbox_sha1sum}). The competency mapper links
   * them to the actor's person only when the organisation is an e-learning platform and the actor is an account
   * on its own home page; from anyone else they are ignored.
   */
  public static final String ASSERTED_IDENTIFIERS = "https://ahp-hub.org/vocab/xapi/extensions/asserted-identifiers";

  private HubExtensions() {}
}
