package org.ahphub.lrs.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.xapi.Actors;

/**
 * What the LRS reads of a {@code passport.identities} event: the person, the mapper's identity version,
 * and either the person's complete list of identifiers (by identifier key, each reduced to its one
 * inverse functional identifier) or the person it was merged into.
 */
public record PersonIdentities(String eventId, UUID personId, long identityVersion,
    Map<String, JsonObject> identifiers, UUID mergedInto) {

  public PersonIdentities {
    identifiers = Collections.unmodifiableMap(new LinkedHashMap<>(identifiers));
  }

  /**
   * Reads one record's value.
   *
   * @throws IllegalArgumentException when it is not a {@code passport.identities} event this LRS can apply;
   *     the message says what is wrong without repeating the content (it may hold personal data)
   */
  public static PersonIdentities fromEvent(String text) {
    CloudEvent event;
    try {
      event = CloudEvent.fromJson(new JsonObject(text));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a CloudEvents 1.0 JSON event with id, source, type and time");
    }
    boolean merged = EventTypes.PERSON_MERGED.equals(event.type());
    if (!merged && !EventTypes.PERSON_IDENTIFIERS.equals(event.type())) {
      throw new IllegalArgumentException("event " + event.id() + " has type " + event.type()
          + ", not one this LRS applies");
    }
    JsonObject data = event.data();
    if (data == null) {
      throw unreadable(event, "has no data");
    }
    UUID personId = uuid(event, data, "personId");
    Object versionValue = data.getValue("identityVersion");
    if (!(versionValue instanceof Integer || versionValue instanceof Long)) {
      throw unreadable(event, "needs data.identityVersion, a whole number");
    }
    long version = ((Number) versionValue).longValue();
    if (merged) {
      return new PersonIdentities(event.id(), personId, version, Map.of(), uuid(event, data, "mergedInto"));
    }
    if (!(data.getValue("identifiers") instanceof JsonArray list)) {
      throw unreadable(event, "needs data.identifiers, an array");
    }
    Map<String, JsonObject> identifiers = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonObject identifier = identifier(event, list.getValue(i), i);
      // An mbox and its mbox_sha1sum are one identifier: the first one listed stands for both.
      identifiers.putIfAbsent(Actors.identifierKey(identifier).orElseThrow(), identifier);
    }
    return new PersonIdentities(event.id(), personId, version, identifiers, null);
  }

  /** The entry's one identifier property, alone; anything else makes the event unreadable. */
  private static JsonObject identifier(CloudEvent event, Object entry, int index) {
    String path = "data.identifiers[" + index + "]";
    if (!(entry instanceof JsonObject object)) {
      throw unreadable(event, "needs " + path + " to be an object");
    }
    List<String> present = Actors.IDENTIFIER_PROPERTIES.stream().filter(object::containsKey).toList();
    if (present.size() != 1) {
      throw unreadable(event, "needs " + path + " to carry exactly one of " + Actors.IDENTIFIER_PROPERTIES);
    }
    String property = present.get(0);
    Object value = object.getValue(property);
    boolean wellFormed = property.equals("account")
        ? value instanceof JsonObject account && account.getValue("homePage") instanceof String
            && account.getValue("name") instanceof String
        : value instanceof String;
    if (!wellFormed) {
      throw unreadable(event, "has a malformed " + property + " at " + path);
    }
    return new JsonObject().put(property, value instanceof JsonObject account
        ? new JsonObject().put("homePage", account.getString("homePage")).put("name", account.getString("name"))
        : value);
  }

  private static UUID uuid(CloudEvent event, JsonObject data, String property) {
    try {
      return UUID.fromString(data.getString(property));
    } catch (RuntimeException e) {
      throw unreadable(event, "needs data." + property + ", a UUID");
    }
  }

  private static IllegalArgumentException unreadable(CloudEvent event, String problem) {
    return new IllegalArgumentException("event " + event.id() + " " + problem);
  }
}
