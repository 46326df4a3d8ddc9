package org.ahphub.platform.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.SqlResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasing a person everywhere the hub holds them (UK GDPR article 17), as a recorded, resumable job.
 *
 * <p>A person may ask ({@link #request}); the operator carries it out ({@link #start}). Starting destroys the
 * person's data keys at once, so every Kafka event about them (sealed with those keys) is unreadable from then on,
 * however many copies of the log there are; then each {@link PersonalData} part deletes its rows, in
 * {@link PersonalData#ORDER}, each recorded when done; the keys are destroyed again at the end (an event relayed
 * in between got a new key), and the row becomes a tombstone that names no one. Every part is idempotent, so an
 * erasure interrupted by a crash is run again from its first unfinished part ({@link #resume}).
 */
public final class Erasures {

  private static final Logger LOG = LoggerFactory.getLogger(Erasures.class);
  private static final String REQUEST = SqlResources.load("sql/privacy/request-erasure.sql");
  private static final String START = SqlResources.load("sql/privacy/start-erasure.sql");
  private static final String BY_SUBJECT = SqlResources.load("sql/privacy/select-erasure-by-subject.sql");
  private static final String BY_ID = SqlResources.load("sql/privacy/select-erasure.sql");
  private static final String LIST = SqlResources.load("sql/privacy/select-erasures.sql");
  private static final String PART_DONE = SqlResources.load("sql/privacy/erasure-part-done.sql");
  private static final String FINISH = SqlResources.load("sql/privacy/finish-erasure.sql");

  /** An erasure request, or its tombstone once {@code erased}. */
  public record Erasure(UUID id, String status, Optional<UUID> personId, String requestedBy, Instant requestedAt,
      String reason, String erasedBy, Instant startedAt, List<String> partsDone, Instant erasedAt) {

    public boolean erased() {
      return "erased".equals(status);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", id.toString()).put("status", status)
          .put("requestedBy", requestedBy).put("requestedAt", requestedAt.toString())
          .put("partsDone", new JsonArray(partsDone));
      personId.ifPresent(p -> json.put("personId", p.toString()));
      if (reason != null) {
        json.put("reason", reason);
      }
      if (erasedBy != null) {
        json.put("erasedBy", erasedBy);
      }
      if (startedAt != null) {
        json.put("startedAt", startedAt.toString());
      }
      if (erasedAt != null) {
        json.put("erasedAt", erasedAt.toString());
      }
      return json;
    }
  }

  private final Pool pool;
  private final SecretBox box;
  private final SubjectKeys keys;
  private final List<PersonalData> parts;
  private final Set<UUID> running = ConcurrentHashMap.newKeySet();

  public Erasures(Pool pool, SecretBox box, SubjectKeys keys, List<PersonalData> parts) {
    this.pool = pool;
    this.box = box;
    this.keys = keys;
    this.parts = List.copyOf(parts);
  }

  /** The parts this process can run, by name. */
  public List<String> parts() {
    return parts.stream().map(PersonalData::part).toList();
  }

  /** The person asks to be erased: recorded for the operator, once however often they ask. */
  public Future<Erasure> request(UUID personId, String requestedBy, String reason) {
    return pool.preparedQuery(REQUEST)
        .execute(Tuple.of(UUID.randomUUID(), subjectOf(personId), personId, requestedBy, reason))
        .map(rows -> erasure(rows.iterator().next()));
  }

  /** The person's open erasure (asked for or running), else their latest tombstone, if any. */
  public Future<Optional<Erasure>> ofPerson(UUID personId) {
    return pool.preparedQuery(BY_SUBJECT).execute(Tuple.of(subjectOf(personId))).map(Erasures::first);
  }

  public Future<Optional<Erasure>> find(UUID id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(Erasures::first);
  }

  /** Erasures, newest first; {@code status} null for all. */
  public Future<List<Erasure>> list(String status) {
    return pool.preparedQuery(LIST).execute(Tuple.of(status)).map(rows -> {
      List<Erasure> list = new ArrayList<>();
      rows.forEach(row -> list.add(erasure(row)));
      return list;
    });
  }

  /**
   * The operator erases the person known by {@code personIds} (the first is the person; the others, records
   * joined into it) and {@code identifierKeys}: recorded, the keys destroyed, then the parts run in the
   * background. An erasure already running is answered as it stands. A person erased before who came back (a
   * later statement for the same identifier) is erased anew.
   */
  public Future<Erasure> start(List<UUID> personIds, List<String> identifierKeys, String erasedBy, String reason) {
    UUID personId = personIds.get(0);
    return ofPerson(personId).compose(existing -> {
      if (existing.isPresent() && "erasing".equals(existing.get().status())) {
        return Future.succeededFuture(existing.get());
      }
      // a request the person made is carried out under its id; after a tombstone, the person came back: anew
      UUID id = existing.filter(e -> "requested".equals(e.status())).map(Erasure::id).orElseGet(UUID::randomUUID);
      DataSubject subject = new DataSubject(id, Instant.now(), personId, personIds, identifierKeys);
      return pool.preparedQuery(START).execute(Tuple.of(id, subjectOf(personId), personId, erasedBy, reason,
              box.seal(subject.toJson().encode())))
          .compose(rows -> rows.size() == 0 ? ofPerson(personId).map(Optional::orElseThrow)
              : keys.destroy(subject.keySubjects()).map(destroyed -> {
                Erasure started = erasure(rows.iterator().next());
                LOG.info("erasure {} started by {}: {} data keys destroyed", id, erasedBy, destroyed);
                run(started.id());
                return started;
              }));
    });
  }

  /** Runs every erasure that is not finished (after a restart), one after another. */
  public Future<Void> resume() {
    return list("erasing").compose(open -> {
      Future<Void> chain = Future.succeededFuture();
      for (Erasure erasure : open) {
        chain = chain.compose(v -> run(erasure.id()).<Void>mapEmpty().recover(e -> Future.succeededFuture()));
      }
      return chain;
    });
  }

  /**
   * Runs the erasure's unfinished parts, in order, then finishes it. Completes with the erasure as it then stands:
   * still {@code erasing} when a part failed (it runs again at the next {@link #resume}) or is not in this process.
   */
  public Future<Erasure> run(UUID id) {
    if (!running.add(id)) {
      return find(id).map(Optional::orElseThrow);
    }
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (!"erasing".equals(row.getString("status"))) {
            return Future.succeededFuture(erasure(row));
          }
          DataSubject subject = DataSubject.fromJson(new JsonObject(box.open(row.getString("sealed_subject"))));
          List<String> done = Arrays.asList(row.getArrayOfStrings("parts_done"));
          return runParts(subject, done).compose(v -> finish(subject, done));
        })
        .onFailure(e -> LOG.error("erasure {} stopped; it resumes at the next run: {}", id, e.toString()))
        .onComplete(r -> running.remove(id));
  }

  private Future<Void> runParts(DataSubject subject, List<String> done) {
    Future<Void> chain = Future.succeededFuture();
    for (PersonalData part : parts) {
      if (done.contains(part.part())) {
        continue;
      }
      chain = chain.compose(v -> part.erase(subject))
          .compose(v -> pool.preparedQuery(PART_DONE).execute(Tuple.of(subject.requestId(), part.part())))
          .onSuccess(v -> LOG.info("erasure {}: part {} erased", subject.requestId(), part.part()))
          .mapEmpty();
    }
    return chain;
  }

  private Future<Erasure> finish(DataSubject subject, List<String> doneBefore) {
    List<String> missing = PersonalData.ORDER.stream()
        .filter(part -> !doneBefore.contains(part) && !parts().contains(part)).toList();
    if (!missing.isEmpty()) {
      LOG.warn("erasure {} waits for parts this process does not hold: {}", subject.requestId(), missing);
      return find(subject.requestId()).map(Optional::orElseThrow);
    }
    return keys.destroy(subject.keySubjects())
        .compose(v -> pool.preparedQuery(FINISH).execute(Tuple.of(subject.requestId())))
        .compose(rows -> rows.size() == 0 ? find(subject.requestId()).map(Optional::orElseThrow)
            : Future.succeededFuture(erasure(rows.iterator().next())))
        .onSuccess(erased -> LOG.info("erasure {} finished", erased.id()));
  }

  /** The pseudonym a person's erasure is recorded under: recognises them again, names no one. */
  private String subjectOf(UUID personId) {
    return keys.pseudonym("erasure|" + personId);
  }

  private static Optional<Erasure> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(erasure(rows.iterator().next()));
  }

  private static Erasure erasure(Row row) {
    return new Erasure(row.getUUID("id"), row.getString("status"), Optional.ofNullable(row.getUUID("person_id")),
        row.getString("requested_by"), instant(row, "requested_at"), row.getString("reason"),
        row.getString("erased_by"), instant(row, "started_at"), List.of(row.getArrayOfStrings("parts_done")),
        instant(row, "erased_at"));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
