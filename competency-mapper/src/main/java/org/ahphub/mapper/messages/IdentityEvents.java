package org.ahphub.mapper.messages;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.framework.NameBasedUuid;
import org.ahphub.mapper.store.PersonStore.IdentityChange;
import org.ahphub.platform.outbox.OutboxMessage;
import org.ahphub.xapi.Actors;

/**
 * The {@code passport.identities} contract: whenever the identifiers linked to a person change, one
 * CloudEvent keyed by person id carrying the complete current list as xAPI identifiers (a snapshot, not
 * a delta: applying it twice, or an older one after it, changes nothing for a consumer that keeps the
 * highest {@code identityVersion} per identifier). A person merged into another gets
 * {@link EventTypes#PERSON_MERGED} with no identifiers and {@code mergedInto}. E-mail addresses appear
 * only as their SHA-1 sum: the mapper keeps no other form.
 */
public final class IdentityEvents {

  public static final String SOURCE = "/persons";
  private static final UUID EVENT_NAMESPACE = UUID.fromString("8c1e4b7a-2d5f-5a90-b3c6-4e7f0a1d9b25");

  private IdentityEvents() {}

  public static OutboxMessage of(IdentityChange change) {
    String type = change.mergedInto() == null ? EventTypes.PERSON_IDENTIFIERS : EventTypes.PERSON_MERGED;
    JsonArray identifiers = new JsonArray();
    change.identifierKeys().forEach(key -> identifiers.add(Actors.identifier(key)));
    JsonObject data = new JsonObject()
        .put("personId", change.personId().toString())
        .put("identityVersion", change.identityVersion())
        .put("identifiers", identifiers);
    if (change.mergedInto() != null) {
      data.put("mergedInto", change.mergedInto().toString());
    }
    String id = NameBasedUuid.v5(EVENT_NAMESPACE, type + "|" + change.personId() + "|" + change.identityVersion())
        .toString();
    String personId = change.personId().toString();
    return new OutboxMessage(Topics.PASSPORT_IDENTITIES, personId,
        new CloudEvent(id, SOURCE, type, personId, Instant.now(), data));
  }
}
