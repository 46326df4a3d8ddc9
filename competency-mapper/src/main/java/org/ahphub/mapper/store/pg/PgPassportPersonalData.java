package org.ahphub.mapper.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.events.Topics;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.outbox.Outbox;
import org.ahphub.platform.outbox.OutboxMessage;
import org.ahphub.platform.privacy.DataSubject;
import org.ahphub.platform.privacy.ErasureNotice;
import org.ahphub.platform.privacy.ExportArchive;
import org.ahphub.platform.privacy.ExportRows;
import org.ahphub.platform.privacy.PersonalData;
import org.ahphub.xapi.Actors;

/**
 * What the passport holds about a person: identifiers with who linked them, the passport as shown, the evidence
 * behind it, the learning records that credit nothing, the credentials issued and the merges. Erasure deletes all of it, keeps each issued credential
 * revoked without its holder, and announces the erasure on {@code passport.updates} ({@link ErasureNotice}).
 */
public final class PgPassportPersonalData implements PersonalData {

  private static final String IDENTIFIERS = SqlResources.load("sql/mapper/privacy/select-identifiers-of.sql");
  private static final String EVIDENCE = SqlResources.load("sql/mapper/privacy/select-evidence-of.sql");
  private static final String LEARNING = SqlResources.load("sql/mapper/privacy/select-learning-of.sql");
  private static final String CREDENTIALS = SqlResources.load("sql/mapper/privacy/select-credentials-of.sql");
  private static final String MERGES = SqlResources.load("sql/mapper/privacy/select-merges-of.sql");
  private static final String NAMES = SqlResources.load("sql/mapper/privacy/select-names-of.sql");
  private static final String LOCK = SqlResources.load("sql/mapper/lock-identities.sql");
  private static final String ERASE = SqlResources.load("sql/mapper/privacy/erase-person.sql");
  private static final String SUBJECT = SqlResources.load("sql/mapper/privacy/select-subject.sql");

  /** Who a person is, for an export or an erasure: their ids (the person's first) and identifier keys. */
  public record Subject(List<UUID> personIds, List<String> identifierKeys) {

    public DataSubject forRequest(UUID requestId, java.time.Instant at) {
      return new DataSubject(requestId, at, personIds.get(0), personIds, identifierKeys);
    }
  }

  private final Pool pool;
  private final Function<UUID, Future<Optional<JsonObject>>> passports;
  private final Outbox outbox = new Outbox("mapper");

  /** @param passports the passport as the API shows it (with revocations) */
  public PgPassportPersonalData(Pool pool, Function<UUID, Future<Optional<JsonObject>>> passports) {
    this.pool = pool;
    this.passports = passports;
  }

  /** The person with id {@code personId}; empty when there is none, or it was joined into another record. */
  public Future<Optional<Subject>> subject(UUID personId) {
    return pool.preparedQuery(SUBJECT).execute(Tuple.of(personId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Subject(List.of(row.getArrayOfUUIDs("person_ids")),
          List.of(row.getArrayOfStrings("identifier_keys"))));
    });
  }

  @Override
  public String part() {
    return "passport";
  }

  @Override
  public Future<Void> export(DataSubject subject, ExportArchive archive) {
    Tuple people = Tuple.of((Object) subject.personIdArray());
    return pool.preparedQuery(IDENTIFIERS).execute(people).compose(rows -> identifiers(rows, archive))
        .compose(v -> pool.preparedQuery(NAMES).execute(Tuple.of(subject.personIdArray(),
            (Object) subject.identifierKeyArray())))
        .compose(rows -> ExportRows.file(archive, "names.json", rows, "Your identifiers",
            " names learning records gave you, with who stated each and when (names.json)"))
        .compose(v -> passports.apply(subject.personId()))
        .compose(passport -> archive.json("passport.json", passport.orElse(new JsonObject()))
            .onSuccess(w -> archive.summarise("Your passport", List.of(
                "the passport as organisations you share it with see it (passport.json)"))))
        .compose(v -> pool.preparedQuery(EVIDENCE).execute(people))
        .compose(rows -> ExportRows.file(archive, "evidence.json", rows, "Your passport",
            " pieces of evidence: the learning behind each competency credited (evidence.json)"))
        .compose(v -> pool.preparedQuery(LEARNING).execute(people))
        .compose(rows -> ExportRows.file(archive, "learning.json", rows, "Your passport",
            " other learning and assessments recorded for you that credit no competency (learning.json)"))
        .compose(v -> pool.preparedQuery(CREDENTIALS).execute(people))
        .compose(rows -> ExportRows.file(archive, "credentials.json", rows, "Your passport",
            " verifiable credentials issued to you, with their status (credentials.json)"))
        .compose(v -> pool.preparedQuery(MERGES).execute(people))
        .compose(rows -> ExportRows.file(archive, "merges.json", rows, "Your identifiers",
            " joins of another record to yours, and their undoing (merges.json)"));
  }

  private static Future<Void> identifiers(RowSet<Row> rows, ExportArchive archive) {
    JsonArray list = new JsonArray();
    for (Row row : rows) {
      JsonObject identifier = new JsonObject().put("identifier", Actors.identifier(row.getString("identifier_key")))
          .put("personId", row.getUUID("person_id").toString());
      if (row.getUUID("organisation_id") != null) {
        identifier.put("linkedBy", new JsonObject().put("organisationId", row.getUUID("organisation_id").toString())
            .put("organisation", row.getString("organisation_name")));
        identifier.put("linkedAt", row.getOffsetDateTime("linked_at").toInstant().toString());
      } else {
        identifier.put("linkedBy", "first met in a learning record");
      }
      list.add(identifier);
    }
    archive.summarise("Your identifiers", List.of(list.size()
        + " identifiers the hub knows you by (e-mail addresses appear as their SHA-1), with who linked each "
        + "(identifiers.json)"));
    return archive.json("identifiers.json", list);
  }

  @Override
  public Future<Void> erase(DataSubject subject) {
    String[] eventKeys = subject.personIds().stream().map(UUID::toString).toArray(String[]::new);
    OutboxMessage notice = new OutboxMessage(Topics.PASSPORT_UPDATES, subject.personId().toString(),
        ErasureNotice.of(subject));
    return pool.withTransaction(connection -> connection.preparedQuery(LOCK).execute(Tuple.of(PgPersonStore.IDENTITY_LOCK))
        .compose(locked -> connection.preparedQuery(ERASE).execute(Tuple.of(subject.personIdArray(),
            subject.identifierKeyArray(), eventKeys)))
        .compose(erased -> outbox.append(connection, List.of(notice))));
  }
}
