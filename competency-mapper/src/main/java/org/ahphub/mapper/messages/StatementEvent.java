package org.ahphub.mapper.messages;

import io.vertx.core.Future;
import org.ahphub.platform.privacy.SealedData;
import org.ahphub.platform.privacy.SubjectKeys;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.ahphub.events.CloudEvent;

/**
 * What the mapper reads of an {@code lrs.statements} record: the CloudEvent's id and type, the organisation
 * whose LRS store holds the statement (extension attribute {@link CloudEvent#ORGANISATION}; null on events
 * without it) and the stored statement ({@code data}). The envelope is checked as {@link CloudEvent#fromJson}
 * checks it (CloudEvents 1.0, with id, source, type and time), but {@code time} is not parsed: the mapper
 * does not use it, and parsing it was one of the larger costs per record.
 */
public record StatementEvent(String id, String type, UUID organisation, JsonObject statement) {

  /** An event without an organisation. */
  public StatementEvent(String id, String type, JsonObject statement) {
    this(id, type, null, statement);
  }

  /** @throws RuntimeException when the text is not a CloudEvents 1.0 JSON event, or its organisation no uuid */
  public static StatementEvent read(String json) {
    JsonObject event = new JsonObject(json);
    if (!CloudEvent.SPEC_VERSION.equals(event.getString("specversion"))) {
      throw new IllegalArgumentException("not a CloudEvents 1.0 event: specversion=" + event.getValue("specversion"));
    }
    for (String attribute : new String[] {"id", "source", "type", "time"}) {
      if (event.getString(attribute) == null) {
        throw new NullPointerException(attribute);
      }
    }
    String organisation = event.getString(CloudEvent.ORGANISATION);
    return new StatementEvent(event.getString("id"), event.getString("type"),
        organisation == null ? null : UUID.fromString(organisation), event.getJsonObject("data"));
  }

  /**
   * This event with its statement opened: the LRS seals it with the learner's key ({@link SubjectKeys}). Fails
   * with {@link org.ahphub.platform.privacy.SubjectErased} when the learner was erased; an event that is not
   * sealed (older events, tests) is returned as it is.
   */
  public Future<StatementEvent> opened(SubjectKeys keys) {
    if (SealedData.kid(statement).isEmpty()) {
      return Future.succeededFuture(this);
    }
    return keys.open(id, statement).map(plain -> new StatementEvent(id, type, organisation, plain));
  }

  /** The hub-wide key of a statement this event's organisation stored ({@link StatementKey}). */
  public UUID keyOf(UUID statementId) {
    return StatementKey.of(organisation, statementId);
  }
}
