package org.ahphub.platform.privacy;

/** An event whose sealed data no key opens any more: its subject was erased. Consumers skip it. */
public final class SubjectErased extends RuntimeException {

  public SubjectErased(String eventId) {
    super("event " + eventId + ": its subject's key is destroyed (erased)", null, false, false);
  }
}
