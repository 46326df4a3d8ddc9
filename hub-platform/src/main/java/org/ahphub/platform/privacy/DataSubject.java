package org.ahphub.platform.privacy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * A person whose data is exported or erased, as every part of the hub finds it: the person's id, the ids of the
 * records joined into it (merged persons), and every xAPI identifier key the person is known by
 * ({@code org.ahphub.xapi.Actors#identifierKey}: the LRS's learner keys and document agents, the mapper's index).
 *
 * @param requestId the export or erasure this is for (an erasure's notice to subscribers carries it as its id)
 * @param at when the request was made
 */
public record DataSubject(UUID requestId, Instant at, UUID personId, List<UUID> personIds, List<String> identifierKeys) {

  public DataSubject {
    LinkedHashSet<UUID> people = new LinkedHashSet<>();
    people.add(personId);
    people.addAll(personIds);
    personIds = List.copyOf(people);
    identifierKeys = List.copyOf(new LinkedHashSet<>(identifierKeys));
  }

  /** Every data subject whose key seals events about this person: the person ids and the identifier keys. */
  public List<String> keySubjects() {
    List<String> subjects = new ArrayList<>(identifierKeys);
    personIds.forEach(id -> subjects.add(id.toString()));
    return subjects;
  }

  public UUID[] personIdArray() {
    return personIds.toArray(UUID[]::new);
  }

  public String[] identifierKeyArray() {
    return identifierKeys.toArray(String[]::new);
  }

  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId.toString()).put("at", at.toString())
        .put("personId", personId.toString())
        .put("personIds", new JsonArray(personIds.stream().map(UUID::toString).toList()))
        .put("identifierKeys", new JsonArray(identifierKeys));
  }

  public static DataSubject fromJson(JsonObject json) {
    return new DataSubject(UUID.fromString(json.getString("requestId")), Instant.parse(json.getString("at")),
        UUID.fromString(json.getString("personId")),
        json.getJsonArray("personIds").stream().map(id -> UUID.fromString((String) id)).toList(),
        json.getJsonArray("identifierKeys").stream().map(String.class::cast).toList());
  }
}
