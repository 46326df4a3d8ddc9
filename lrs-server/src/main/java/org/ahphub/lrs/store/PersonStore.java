package org.ahphub.lrs.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/**
 * Which xAPI identifiers belong to one person, as the competency mapper publishes them. Every write
 * carries the mapper's identity version, and an identifier keeps what the highest version said of it:
 * writes are idempotent and may come in any order across people.
 */
public interface PersonStore {

  /**
   * The identifiers (xAPI Agent fragments such as {@code {"openid": …}}) of the person the identifier key
   * belongs to, its own included, by identifier key; empty when no person is known for it.
   */
  Future<Map<String, JsonObject>> identifiersOfPersonWith(String identifierKey);

  /** The person's identifiers as of {@code identityVersion} are exactly these, by identifier key. */
  Future<Void> replaceIdentifiers(UUID personId, long identityVersion, Map<String, JsonObject> identifiers);

  /** The merged person's identifiers belong to the survivor as of {@code identityVersion}. */
  Future<Void> mergeInto(UUID merged, UUID survivor, long identityVersion);
}
