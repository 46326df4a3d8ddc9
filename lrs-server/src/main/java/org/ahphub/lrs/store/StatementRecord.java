package org.ahphub.lrs.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A statement as the LRS will store it: the final payload (with id, stored, timestamp, authority,
 * version), the submitted form (for duplicate comparison) and its index rows.
 */
public record StatementRecord(
    UUID id,
    Instant stored,
    JsonObject payload,
    JsonObject submitted,
    String learnerKey,
    String verbId,
    String objectActivityId,
    UUID registration,
    UUID voids,
    UUID refersTo,
    UUID authorityOrganisation,
    String authorityKey,
    List<IndexEntry> agents,
    List<IndexEntry> activities,
    Map<String, JsonObject> definitions) {

  /**
   * This statement stamped with the instant the LRS stores it: {@code stored}, and {@code timestamp}
   * where the statement had none. The store stamps each batch in commit order, so {@code stored} never
   * goes backwards along the order in which statements become visible.
   */
  public StatementRecord storedAt(Instant at) {
    JsonObject stamped = new JsonObject(new LinkedHashMap<>(payload.getMap())).put("stored", timestamp(at));
    if (!submitted.containsKey("timestamp")) {
      stamped.put("timestamp", timestamp(at));
    }
    return new StatementRecord(id, at, stamped, submitted, learnerKey, verbId, objectActivityId, registration, voids,
        refersTo, authorityOrganisation, authorityKey, agents, activities, definitions);
  }

  private static final java.time.format.DateTimeFormatter MILLISECONDS =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

  /**
   * An instant the LRS stamps ({@code stored}, a missing {@code timestamp}) as xAPI asks: UTC, to the millisecond,
   * always with three fraction digits ({@code Instant.toString} drops a zero fraction, which reads as less precise).
   */
  public static String timestamp(Instant at) {
    return MILLISECONDS.format(at);
  }

  /** Merges two definitions of one activity: later properties win, language maps are combined. */
  public static JsonObject mergeDefinitions(JsonObject older, JsonObject newer) {
    JsonObject merged = older.copy().mergeIn(newer, false);
    for (String languageMap : List.of("name", "description")) {
      if (older.getValue(languageMap) instanceof JsonObject a && newer.getValue(languageMap) instanceof JsonObject b) {
        merged.put(languageMap, a.copy().mergeIn(b, false));
      }
    }
    return merged;
  }

  /** One row of a link table: an agent key or activity id and how the statement relates to it. */
  public record IndexEntry(String key, String relation) {}
}
