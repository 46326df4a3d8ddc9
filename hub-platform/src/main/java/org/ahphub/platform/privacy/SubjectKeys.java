package org.ahphub.platform.privacy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.SqlResources;

/**
 * One AES-256 key per data subject (a learner's xAPI identifier key, a person id), for sealing the personal
 * part of Kafka events ({@link SealedData}); PostgreSQL holds the keys, sealed under {@code HUB_KEY_ENCRYPTION_KEY}
 * (schema {@code privacy}). Events name a subject only by its pseudonym, the key id: an HMAC of the subject under
 * a key derived from {@code HUB_KEY_ENCRYPTION_KEY}, so every process computes the same one and nobody without
 * that key can guess it from a likely e-mail address (as they could from an unsalted SHA-1).
 *
 * <p>Destroying a subject's key makes every event sealed with it unreadable, wherever copies of the log went.
 * Sealing always checks the key still stands ({@link #keysFor}). Opening uses keys read within {@code cacheFor}
 * ({@link #CACHE_FOR} by default): a process that read a key shortly before it was destroyed elsewhere may still
 * open events with it for up to that long.
 */
public final class SubjectKeys {

  /** How long a process keeps a key it read, by default ({@code HUB_SUBJECT_KEY_CACHE}). */
  public static final Duration CACHE_FOR = Duration.ofMinutes(1);
  private static final int CACHE_LIMIT = 100_000;
  private static final String ENSURE = SqlResources.load("sql/privacy/ensure-keys.sql");
  private static final String FIND = SqlResources.load("sql/privacy/find-key.sql");
  private static final String FIND_MANY = SqlResources.load("sql/privacy/find-keys.sql");
  private static final String DESTROY = SqlResources.load("sql/privacy/destroy-keys.sql");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A subject's key, named by its pseudonym. */
  public record DataKey(String kid, SecretKeySpec key) {}

  private record Cached(DataKey key, String sealedKey, long at) {}

  private final Pool pool;
  private final SecretBox box;
  private final byte[] pseudonymKey;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final long cacheForNanos;

  public SubjectKeys(Pool pool, SecretBox box) {
    this(pool, box, CACHE_FOR);
  }

  public SubjectKeys(Pool pool, SecretBox box, Duration cacheFor) {
    this.cacheForNanos = cacheFor.toNanos();
    this.pool = pool;
    this.box = box;
    this.pseudonymKey = box.derive("ahp-hub subject pseudonyms v1");
  }

  /** The pseudonym (key id) of a subject: 64 hex characters, the same in every process of the hub. */
  public String pseudonym(String subject) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pseudonymKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The keys of {@code subjects} (by subject), created for those that have none (or had theirs destroyed): for
   * sealing. Always asks PostgreSQL which keys still stand (one round trip; a second for any new ones), so a key
   * destroyed by an erasure in another process is never used to seal again; a key read before is not unsealed
   * again.
   */
  public Future<Map<String, DataKey>> keysFor(Collection<String> subjects) {
    Map<String, String> subjectOf = new HashMap<>();
    for (String subject : new LinkedHashSet<>(subjects)) {
      subjectOf.put(pseudonym(subject), subject);
    }
    String[] kids = subjectOf.keySet().toArray(String[]::new);
    return pool.preparedQuery(FIND_MANY).execute(Tuple.of((Object) kids)).compose(rows -> {
      Map<String, DataKey> found = new HashMap<>();
      for (Row row : rows) {
        DataKey key = remember(row.getString("kid"), row.getString("sealed_key"));
        found.put(subjectOf.remove(key.kid()), key);
      }
      return subjectOf.isEmpty() ? Future.succeededFuture(found) : ensure(subjectOf).map(created -> {
        found.putAll(created);
        return found;
      });
    });
  }

  /** Creates keys for the subjects (by kid) that have none standing. */
  private Future<Map<String, DataKey>> ensure(Map<String, String> subjectOf) {
    List<String> kids = new ArrayList<>(subjectOf.keySet());
    kids.sort(null); // one lock order for concurrent writers
    String[] sealed = kids.stream().map(kid -> box.seal(newKey())).toArray(String[]::new);
    return pool.preparedQuery(ENSURE).execute(Tuple.of(kids.toArray(String[]::new), (Object) sealed)).map(rows -> {
      Map<String, DataKey> created = new HashMap<>();
      for (Row row : rows) {
        DataKey key = remember(row.getString("kid"), row.getString("sealed_key"));
        created.put(subjectOf.get(key.kid()), key);
      }
      return created;
    });
  }

  /** The key with id {@code kid}; empty when there is none or it was destroyed (the subject was erased). */
  public Future<Optional<DataKey>> find(String kid) {
    Optional<DataKey> cached = cached(kid);
    if (cached.isPresent()) {
      return Future.succeededFuture(cached);
    }
    return pool.preparedQuery(FIND).execute(Tuple.of(kid)).map(rows -> rows.size() == 0 ? Optional.<DataKey>empty()
        : Optional.of(remember(kid, rows.iterator().next().getString("sealed_key"))));
  }

  /**
   * The data of an event as its producer wrote it: opened with its subject's key when sealed ({@link SealedData}),
   * as it is otherwise. Fails with {@link SubjectErased} when the key was destroyed or does not open it.
   */
  public Future<io.vertx.core.json.JsonObject> open(String eventId, io.vertx.core.json.JsonObject data) {
    Optional<String> kid = SealedData.kid(data);
    if (kid.isEmpty()) {
      return Future.succeededFuture(data);
    }
    return find(kid.get()).compose(key -> key.flatMap(k -> SealedData.open(k, eventId, data))
        .map(text -> Future.succeededFuture(new io.vertx.core.json.JsonObject(text)))
        .orElseGet(() -> Future.failedFuture(new SubjectErased(eventId))));
  }

  /** Destroys the keys of {@code subjects}; returns how many there were. Idempotent. */
  public Future<Integer> destroy(Collection<String> subjects) {
    String[] kids = subjects.stream().map(this::pseudonym).distinct().sorted().toArray(String[]::new);
    for (String kid : kids) {
      cache.remove(kid);
    }
    return pool.preparedQuery(DESTROY).execute(Tuple.of((Object) kids)).map(rows -> rows.rowCount());
  }

  private Optional<DataKey> cached(String kid) {
    Cached cached = cache.get(kid);
    if (cached == null || System.nanoTime() - cached.at() >= cacheForNanos) {
      return Optional.empty();
    }
    return Optional.of(cached.key());
  }

  private DataKey remember(String kid, String sealedKey) {
    Cached known = cache.get(kid);
    if (known != null && known.sealedKey().equals(sealedKey)) {
      cache.put(kid, new Cached(known.key(), sealedKey, System.nanoTime()));
      return known.key();
    }
    DataKey key = new DataKey(kid, new SecretKeySpec(Base64.getDecoder().decode(box.open(sealedKey)), "AES"));
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear(); // crude, but bounded: a burst of new subjects costs one round trip each afterwards
    }
    cache.put(kid, new Cached(key, sealedKey, System.nanoTime()));
    return key;
  }

  private static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
