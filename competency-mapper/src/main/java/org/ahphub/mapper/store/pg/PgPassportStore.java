package org.ahphub.mapper.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.store.PassportStore;
import org.ahphub.mapper.store.PassportStore.AttainmentFunction;
import org.ahphub.mapper.store.PassportStore.ExpiryNotice;
import org.ahphub.mapper.store.PassportStore.Passport;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.mapper.store.PassportStore.PersonName;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.outbox.OutboxMessage;

/** {@link PassportStore} on PostgreSQL, schema {@code mapper}: applying statement outcomes, expiry, reading passports. */
public final class PgPassportStore implements PassportStore {

  private static final String MARK_PROCESSED = SqlResources.load("sql/mapper/mark-processed.sql");
  private static final String SELECT_VOIDED = SqlResources.load("sql/mapper/select-voided.sql");
  private static final String RECORD_VOIDED = SqlResources.load("sql/mapper/record-voided.sql");
  private static final String SELECT_HOLDERS = SqlResources.load("sql/mapper/select-holders-of-statements.sql");
  private static final String RESOLVE_PEOPLE = SqlResources.load("sql/mapper/resolve-people.sql");
  private static final String INSERT_EVIDENCE = SqlResources.load("sql/mapper/insert-evidence.sql");
  private static final String DELETE_EVIDENCE = SqlResources.load("sql/mapper/delete-evidence-of-statements.sql");
  private static final String RESOLVE_PERSON = SqlResources.load("sql/mapper/resolve-person.sql");
  private static final String SELECT_PASSPORT = SqlResources.load("sql/mapper/select-passport.sql");
  private static final String SELECT_EVIDENCE = SqlResources.load("sql/mapper/select-evidence-of-person.sql");
  private static final String INSERT_NOTICES = SqlResources.load("sql/mapper/insert-expiry-notices.sql");
  private static final String UPSERT_NAMES = SqlResources.load("sql/mapper/upsert-person-names.sql");
  private static final String INSERT_DETAILS = SqlResources.load("sql/mapper/insert-statement-details.sql");
  private static final String SELECT_NAMES = SqlResources.load("sql/mapper/select-person-names.sql");
  private static final String SELECT_IDENTIFIER_KEYS = SqlResources.load("sql/mapper/select-identifier-keys.sql");
  private static final String LOCK_PEOPLE = SqlResources.load("sql/mapper/lock-people.sql");
  private static final String INSERT_LEARNING = SqlResources.load("sql/mapper/insert-learning-records.sql");
  private static final String DELETE_LEARNING = SqlResources.load("sql/mapper/delete-learning-of-statements.sql");
  private static final String SELECT_LISTED = SqlResources.load("sql/mapper/select-learning-of-statements.sql");
  private static final String SELECT_LEARNING = SqlResources.load("sql/mapper/select-learning-of-person.sql");
  private static final String REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";

  private final Pool pool;
  private final PassportWrites writes;

  public PgPassportStore(Pool pool, AttainmentFunction attainment) {
    this.pool = pool;
    this.writes = new PassportWrites(attainment);
  }

  // ---------------------------------------------------------------- statements

  @Override
  public Future<List<PassportChange>> apply(StatementOutcome outcome,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    return applyAll(List.of(outcome), eventsFor);
  }

  /**
   * One transaction and a fixed number of set-based statements per poll, whatever its size: mark the
   * poll's statement keys processed and look up earlier voids; record voids, resolve people and find who
   * holds the voided statements; lock those people (another mapper process applying statements of the same
   * person, under another of its identifiers, waits; lock-people.sql); read what those people hold (latest validity end per competency × stage)
   * and their attainment; apply the outcomes in offset order in memory ({@link PollBatch}); then delete and insert
   * evidence, bump versions, update attainment and append the events. Queries that do not wait on each
   * other are pipelined on the connection.
   */
  @Override
  public Future<List<PassportChange>> applyAll(List<StatementOutcome> outcomes,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.withTransaction(connection -> {
      Future<RowSet<Row>> marked = connection.preparedQuery(MARK_PROCESSED)
          .execute(PassportWrites.one(PollBatch.statementKeys(outcomes).toArray(UUID[]::new)));
      List<UUID> crediting = PollBatch.creditingKeys(outcomes);
      Future<RowSet<Row>> voided = crediting.isEmpty() ? Future.succeededFuture(null)
          : connection.preparedQuery(SELECT_VOIDED).execute(PassportWrites.one(crediting.toArray(UUID[]::new)));
      Tuple names = namesTuple(outcomes);
      Future<?> named = names == null ? Future.succeededFuture()
          : connection.preparedQuery(UPSERT_NAMES).execute(names);
      Tuple details = detailsTuple(outcomes);
      Future<?> described = details == null ? Future.succeededFuture()
          : connection.preparedQuery(INSERT_DETAILS).execute(details);
      return Future.all(List.of(marked, voided, named, described)).compose(read -> {
        PollBatch.Plan plan = PollBatch.plan(outcomes, PassportWrites.uuids(marked.result(), "event_id"),
            PassportWrites.uuids(voided.result(), "statement_id"));
        return plan.isEmpty() ? Future.succeededFuture(List.<PassportChange>of())
            : applyPlan(connection, plan, eventsFor);
      });
    });
  }

  /**
   * The names the poll's statements gave their learners, one per identifier and organisation (the latest
   * statement's), as the arrays of {@code upsert-person-names.sql}; null when no statement named anyone.
   */
  static Tuple namesTuple(List<StatementOutcome> outcomes) {
    Map<String, StatementOutcome> latest = new LinkedHashMap<>();
    for (StatementOutcome outcome : outcomes) {
      if (outcome.statedName() == null || outcome.organisationId() == null || outcome.voids()) {
        continue;
      }
      latest.merge(outcome.identifierKey() + "|" + outcome.organisationId(), outcome,
          (was, now) -> now.statedName().statedAt().isBefore(was.statedName().statedAt()) ? was : now);
    }
    if (latest.isEmpty()) {
      return null;
    }
    List<StatementOutcome> rows = new ArrayList<>(latest.values());
    return PassportWrites.arrays(
        rows.stream().map(StatementOutcome::identifierKey).toArray(String[]::new),
        rows.stream().map(StatementOutcome::candidatePersonId).toArray(UUID[]::new),
        rows.stream().map(StatementOutcome::organisationId).toArray(UUID[]::new),
        rows.stream().map(StatementOutcome::sourceOrganisation).toArray(String[]::new),
        rows.stream().map(o -> o.statedName().name()).toArray(String[]::new),
        rows.stream().map(o -> PassportWrites.utc(o.statedName().statedAt())).toArray(java.time.OffsetDateTime[]::new),
        rows.stream().map(StatementOutcome::statementId).toArray(UUID[]::new));
  }

  /**
   * The details in words of the poll's crediting statements and learning records, as the arrays of
   * {@code insert-statement-details.sql}.
   */
  static Tuple detailsTuple(List<StatementOutcome> outcomes) {
    List<StatementOutcome> rows = outcomes.stream()
        .filter(o -> !o.voids() && o.detail() != null && (!o.credits().isEmpty() || o.records())).toList();
    if (rows.isEmpty()) {
      return null;
    }
    return PassportWrites.arrays(
        rows.stream().map(StatementOutcome::statementKey).toArray(UUID[]::new),
        rows.stream().map(o -> o.detail().activityIri()).toArray(String[]::new),
        rows.stream().map(o -> o.detail().activityName()).toArray(String[]::new),
        rows.stream().map(o -> o.detail().platform()).toArray(String[]::new),
        rows.stream().map(o -> o.detail().success()).toArray(Boolean[]::new),
        rows.stream().map(o -> o.detail().completion()).toArray(Boolean[]::new),
        rows.stream().map(o -> o.detail().scoreScaled()).toArray(Double[]::new),
        rows.stream().map(o -> new io.vertx.core.json.JsonObject(new java.util.HashMap<String, Object>(o.detail().subjects()))
            .encode()).toArray(String[]::new),
        rows.stream().map(o -> o.detail().kind()).toArray(String[]::new),
        rows.stream().map(o -> o.detail().assessorRole()).toArray(String[]::new));
  }

  private Future<List<PassportChange>> applyPlan(SqlConnection connection, PollBatch.Plan plan,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    Future<?> recorded = Future.succeededFuture();
    Future<RowSet<Row>> holders = Future.succeededFuture(null);
    Future<RowSet<Row>> listing = Future.succeededFuture(null);
    if (!plan.voids().isEmpty()) {
      UUID[] targets = plan.voids().keySet().toArray(UUID[]::new);
      recorded = connection.preparedQuery(RECORD_VOIDED)
          .execute(PassportWrites.arrays(targets, plan.voids().values().toArray(UUID[]::new)));
      holders = connection.preparedQuery(SELECT_HOLDERS).execute(PassportWrites.one(targets));
      listing = connection.preparedQuery(SELECT_LISTED).execute(PassportWrites.one(targets));
    }
    Future<RowSet<Row>> people = Future.succeededFuture(null);
    if (!plan.people().isEmpty()) {
      people = connection.preparedQuery(RESOLVE_PEOPLE).execute(PassportWrites.arrays(plan.people().keySet().toArray(String[]::new),
          plan.people().values().toArray(UUID[]::new)));
    }
    Future<RowSet<Row>> held = holders;
    Future<RowSet<Row>> resolved = people;
    Future<RowSet<Row>> listed = listing;
    return Future.all(recorded, held, resolved, listed).compose(read -> {
      Map<String, UUID> personOfKey = new HashMap<>();
      Set<UUID> affected = new LinkedHashSet<>();
      if (resolved.result() != null) {
        for (Row row : resolved.result()) {
          personOfKey.put(row.getString("identifier_key"), row.getUUID("person_id"));
          affected.add(row.getUUID("person_id"));
        }
      }
      Map<UUID, Set<UUID>> holdersOf = new HashMap<>();
      List<Row> pieces = new ArrayList<>();
      if (held.result() != null) {
        for (Row row : held.result()) {
          holdersOf.computeIfAbsent(row.getUUID("statement_id"), k -> new LinkedHashSet<>()).add(row.getUUID("person_id"));
          affected.add(row.getUUID("person_id"));
          pieces.add(row);
        }
      }
      Map<UUID, UUID> listedBy = new HashMap<>();
      if (listed.result() != null) {
        for (Row row : listed.result()) {
          listedBy.put(row.getUUID("statement_key"), row.getUUID("person_id"));
          affected.add(row.getUUID("person_id"));
        }
      }
      return lockPeople(connection, affected).compose(locked ->
          PassportWrites.stateOf(connection, affected, plan.voids().keySet().toArray(UUID[]::new))).compose(state -> {
        // The voided statements' pieces, left out of the summaries, one by one: a void may retract them.
        for (Row row : pieces) {
          state.evidence().get(row.getUUID("person_id")).add(new PollBatch.Held(row.getString("competency_number"),
              row.getString("stage"), row.getUUID("statement_id"), PassportWrites.instant(row, "valid_until")));
        }
        PollBatch.Result result = PollBatch.apply(plan, personOfKey, holdersOf, listedBy, state.evidence());
        Future<?> deleted = result.deletedStatements().isEmpty() ? Future.succeededFuture()
            : connection.preparedQuery(DELETE_EVIDENCE)
                .execute(PassportWrites.one(result.deletedStatements().toArray(UUID[]::new)));
        Future<?> unlisted = result.deletedStatements().isEmpty() || listedBy.isEmpty() ? Future.succeededFuture()
            : connection.preparedQuery(DELETE_LEARNING)
                .execute(PassportWrites.one(result.deletedStatements().toArray(UUID[]::new)));
        Future<?> inserted = result.inserts().isEmpty() ? Future.succeededFuture()
            : connection.preparedQuery(INSERT_EVIDENCE).execute(PassportWrites.evidenceTuple(result.inserts()));
        Future<?> listedNow = result.learning().isEmpty() ? Future.succeededFuture()
            : connection.preparedQuery(INSERT_LEARNING).execute(PassportWrites.learningTuple(result.learning()));
        // After both (a connection runs them in order): the holders of voided statements are recounted.
        Set<UUID> voidHolders = new LinkedHashSet<>();
        result.deletedStatements().forEach(id -> voidHolders.addAll(holdersOf.getOrDefault(id, Set.of())));
        Future<?> recounted = voidHolders.isEmpty() ? Future.succeededFuture()
            : connection.preparedQuery(PassportWrites.REFRESH_HOLDING).execute(PassportWrites.one(voidHolders.toArray(UUID[]::new)));
        Future<List<PassportChange>> finished = writes.finish(connection, result.drafts(), state);
        return Future.all(List.of(deleted, unlisted, inserted, listedNow, recounted, finished))
            .compose(written -> writes.writeEvents(connection, finished.result(), eventsFor).map(finished.result()));
      });
    });
  }

  /**
   * Waits until no other transaction changes any of these people (lock-people.sql); from then on this one reads
   * their latest evidence and attainment (read committed: each statement sees what committed before it).
   */
  private static Future<Void> lockPeople(SqlConnection connection, java.util.Collection<UUID> people) {
    return people.isEmpty() ? Future.succeededFuture()
        : connection.preparedQuery(LOCK_PEOPLE).execute(PassportWrites.one(people.toArray(UUID[]::new))).mapEmpty();
  }

  // ---------------------------------------------------------------- expiry

  @Override
  public Future<List<PassportChange>> expire(Instant now, Instant warnUntil, int limit,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    return pool.withTransaction(connection -> connection.preparedQuery(INSERT_NOTICES)
        .execute(Tuple.of(PassportWrites.utc(now), PassportWrites.utc(warnUntil), limit))
        .compose(rows -> {
          Map<UUID, List<ExpiryNotice>> byPerson = new LinkedHashMap<>();
          for (Row row : rows) {
            byPerson.computeIfAbsent(row.getUUID("person_id"), k -> new ArrayList<>())
                .add(new ExpiryNotice(row.getString("competency_number"), row.getString("stage"),
                    row.getString("kind"), PassportWrites.instant(row, "valid_until")));
          }
          List<PollBatch.Draft> drafts = byPerson.entrySet().stream()
              .map(e -> new PollBatch.Draft(e.getKey(), List.of(), e.getValue(), null)).toList();
          return lockPeople(connection, byPerson.keySet())
              .compose(locked -> PassportWrites.stateOf(connection, byPerson.keySet(), PassportWrites.NO_IDS))
              .compose(state -> writes.finish(connection, drafts, state));
        })
        .compose(changes -> writes.writeEvents(connection, changes, eventsFor).map(changes)));
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Future<Optional<Passport>> passport(UUID requested) {
    // One snapshot for the version and the evidence, so a reader never sees new evidence under an old version.
    return pool.withTransaction(connection -> connection.query(REPEATABLE_READ).execute()
        .compose(v -> connection.preparedQuery(RESOLVE_PERSON).execute(Tuple.of(requested)))
        .compose(resolved -> {
          UUID personId = resolved.size() == 0 ? requested : resolved.iterator().next().getUUID("person_id");
          return connection.preparedQuery(SELECT_PASSPORT).execute(Tuple.of(personId)).compose(passports -> {
            if (passports.size() == 0) {
              return Future.succeededFuture(Optional.<Passport>empty());
            }
            Row passport = passports.iterator().next();
            Future<RowSet<Row>> evidence = connection.preparedQuery(SELECT_EVIDENCE).execute(Tuple.of(personId));
            Future<RowSet<Row>> learning = connection.preparedQuery(SELECT_LEARNING).execute(Tuple.of(personId));
            return Future.all(evidence, learning).map(read -> Optional.of(new Passport(personId,
                passport.getLong("version"), PassportWrites.instant(passport, "updated_at"),
                PassportWrites.evidenceRows(evidence.result()), PassportWrites.learningRows(learning.result()))));
          });
        }));
  }

  @Override
  public Future<List<PersonName>> names(UUID personId) {
    return pool.preparedQuery(SELECT_NAMES).execute(Tuple.of(personId)).map(rows -> {
      List<PersonName> names = new ArrayList<>();
      for (Row row : rows) {
        names.add(new PersonName(row.getString("name"), row.getUUID("organisation_id"), row.getString("source"),
            row.getString("identifier_key"), PassportWrites.instant(row, "stated_at")));
      }
      return names;
    });
  }

  @Override
  public Future<List<String>> identifierKeys(UUID personId) {
    return pool.preparedQuery(SELECT_IDENTIFIER_KEYS).execute(Tuple.of(personId)).map(rows -> {
      List<String> keys = new ArrayList<>();
      rows.forEach(row -> keys.add(row.getString("identifier_key")));
      return keys;
    });
  }
}
