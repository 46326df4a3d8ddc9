package org.ahphub.platform.privacy;

import io.vertx.core.json.JsonObject;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;

/**
 * The announcement that a person was erased ({@link EventTypes#PASSPORT_ERASED}): on {@code passport.updates} and
 * as a webhook to the organisations that could see the person. One event, the same bytes on both paths, with the
 * erasure's id as its id, so a subscriber that gets it both ways (or twice) sees one notice.
 */
public final class ErasureNotice {

  public static final String SOURCE = "/passports";

  private ErasureNotice() {}

  public static CloudEvent of(DataSubject subject) {
    return new CloudEvent(subject.requestId().toString(), SOURCE, EventTypes.PASSPORT_ERASED,
        subject.personId().toString(), subject.at(),
        new JsonObject().put("personId", subject.personId().toString()).put("erasedAt", subject.at().toString()));
  }
}
