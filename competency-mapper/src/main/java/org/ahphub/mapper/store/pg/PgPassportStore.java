package org.ahphub.mapper.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.rules.CatalogueEntry;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.rules.PassportState;
import org.ahphub.mapper.store.PassportStore;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.outbox.Outbox;
import org.ahphub.platform.outbox.OutboxMessage;

/** {@link PassportStore} on PostgreSQL, schema {@code mapper}. */
public final class PgPassportStore implements PassportStore {

  private static final String MARK_PROCESSED = SqlResources.load("sql/mapper/mark-processed.sql");
  private static final String SELECT_VOIDED = SqlResources.load("sql/mapper/select-voided.sql");
  private static final String RECORD_VOIDED = SqlResources.load("sql/mapper/record-voided.sql");
  private static final String SELECT_HOLDERS = SqlResources.load("sql/mapper/select-holders-of-statements.sql");
  private static final String RESOLVE_PEOPLE = SqlResources.load("sql/mapper/resolve-people.sql");
  private static final String ENSURE_PERSON = SqlResources.load("sql/mapper/ensure-person.sql");
  private static final String FIND_PERSON = SqlResources.load("sql/mapper/find-person-by-identifier.sql");
  private static final String RESOLVE_PERSON = SqlResources.load("sql/mapper/resolve-person.sql");
  private static final String INSERT_EVIDENCE = SqlResources.load("sql/mapper/insert-evidence.sql");
  private static final String DELETE_EVIDENCE = SqlResources.load("sql/mapper/delete-evidence-of-statements.sql");
  private static final String REFRESH_HOLDING = SqlResources.load("sql/mapper/refresh-holding.sql");
  private static final String BUMP_VERSIONS = SqlResources.load("sql/mapper/bump-passport-versions.sql");
  private static final String SELECT_PASSPORT = SqlResources.load("sql/mapper/select-passport.sql");
  private static final String SELECT_EVIDENCE = SqlResources.load("sql/mapper/select-evidence-of-person.sql");
  private static final String REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
  private static final String SELECT_VALIDITY = SqlResources.load("sql/mapper/select-validity-of-people.sql");
  private static final String SELECT_ATTAINMENT = SqlResources.load("sql/mapper/select-attainment-of-people.sql");
  private static final String INSERT_ATTAINMENT = SqlResources.load("sql/mapper/insert-attainment.sql");
  private static final String DELETE_ATTAINMENT = SqlResources.load("sql/mapper/delete-attainment.sql");
  private static final String INSERT_NOTICES = SqlResources.load("sql/mapper/insert-expiry-notices.sql");
  private static final String INSERT_LINK = SqlResources.load("sql/mapper/insert-link.sql");
  private static final String UPSERT_IDENTIFIER = SqlResources.load("sql/mapper/upsert-identifier.sql");
  private static final String MERGE_IDENTIFIERS = SqlResources.load("sql/mapper/merge-identifiers.sql");
  private static final String MERGE_EVIDENCE = SqlResources.load("sql/mapper/merge-evidence.sql");
  private static final String RETIRE_MERGED = SqlResources.load("sql/mapper/retire-merged-person.sql");
  private static final String SELECT_LINKS = SqlResources.load("sql/mapper/select-links.sql");
  private static final String SELECT_CATALOGUE = SqlResources.load("sql/mapper/select-catalogue.sql");
  private static final String UPSERT_CATALOGUE = SqlResources.load("sql/mapper/upsert-catalogue-activity.sql");
  private static final String SNAPSHOT_EVIDENCE = SqlResources.load("sql/mapper/snapshot-evidence.sql");
  private static final String SNAPSHOT_ATTAINMENT = SqlResources.load("sql/mapper/snapshot-attainment.sql");
  private static final String SNAPSHOT_VOIDED = SqlResources.load("sql/mapper/snapshot-voided.sql");
  private static final String PROCESSED_IDS = SqlResources.load("sql/mapper/select-processed-ids.sql");
  private static final String LOCK_IDENTITIES = SqlResources.load("sql/mapper/lock-identities.sql");
  private static final String IDENTITY_SNAPSHOT = SqlResources.load("sql/mapper/identity-snapshot.sql");
  /** The advisory lock every change to who holds which identifier takes until it commits ("MPI1"). */
  static final long IDENTITY_LOCK = 0x4d504931L;
  private static final UUID[] NO_IDS = new UUID[0];

  /**
   * Work other parts of the schema do in a merge's transaction, after the mapper's own tables have moved:
   * rows they hold against the merged person move to the survivor (access: relationships and grants).
   */
  @FunctionalInterface
  public interface MergeStep {
    Future<Void> merged(SqlConnection connection, UUID merged, UUID survivor);
  }

  private final Pool pool;
  private final AttainmentFunction attainment;
  private final MergeStep onMerge;
  private final Outbox outbox = new Outbox("mapper");

  public PgPassportStore(Pool pool, AttainmentFunction attainment) {
    this(pool, attainment, (connection, merged, survivor) -> Future.succeededFuture());
  }

  public PgPassportStore(Pool pool, AttainmentFunction attainment, MergeStep onMerge) {
    this.pool = pool;
    this.attainment = attainment;
    this.onMerge = onMerge;
  }

  // ---------------------------------------------------------------- statements

  @Override
  public Future<List<PassportChange>> apply(StatementOutcome outcome,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    return applyAll(List.of(outcome), eventsFor);
  }

  /**
   * One transaction and a fixed number of set-based statements per poll, whatever its size: mark the
   * poll's ids processed and look up earlier voids; record voids, resolve people and find who holds the
   * voided statements; read what those people hold (latest validity end per competency × stage) and their
   * attainment; apply the outcomes in offset order in memory ({@link PollBatch}); then delete and insert
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
          .execute(one(PollBatch.statementIds(outcomes).toArray(UUID[]::new)));
      List<UUID> crediting = PollBatch.creditingIds(outcomes);
      Future<RowSet<Row>> voided = crediting.isEmpty() ? Future.succeededFuture(null)
          : connection.preparedQuery(SELECT_VOIDED).execute(one(crediting.toArray(UUID[]::new)));
      return Future.all(marked, voided).compose(read -> {
        PollBatch.Plan plan = PollBatch.plan(outcomes, uuids(marked.result(), "event_id"),
            uuids(voided.result(), "statement_id"));
        return plan.isEmpty() ? Future.succeededFuture(List.<PassportChange>of())
            : applyPlan(connection, plan, eventsFor);
      });
    });
  }

  private Future<List<PassportChange>> applyPlan(SqlConnection connection, PollBatch.Plan plan,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    Future<?> recorded = Future.succeededFuture();
    Future<RowSet<Row>> holders = Future.succeededFuture(null);
    if (!plan.voids().isEmpty()) {
      UUID[] targets = plan.voids().keySet().toArray(UUID[]::new);
      recorded = connection.preparedQuery(RECORD_VOIDED)
          .execute(arrays(targets, plan.voids().values().toArray(UUID[]::new)));
      holders = connection.preparedQuery(SELECT_HOLDERS).execute(one(targets));
    }
    Future<RowSet<Row>> people = Future.succeededFuture(null);
    if (!plan.people().isEmpty()) {
      people = connection.preparedQuery(RESOLVE_PEOPLE).execute(arrays(plan.people().keySet().toArray(String[]::new),
          plan.people().values().toArray(UUID[]::new)));
    }
    Future<RowSet<Row>> held = holders;
    Future<RowSet<Row>> resolved = people;
    return Future.all(recorded, held, resolved).compose(read -> {
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
      return stateOf(connection, affected, plan.voids().keySet().toArray(UUID[]::new)).compose(state -> {
        // The voided statements' pieces, left out of the summaries, one by one: a void may retract them.
        for (Row row : pieces) {
          state.evidence().get(row.getUUID("person_id")).add(new PollBatch.Held(row.getString("competency_number"),
              row.getString("stage"), row.getUUID("statement_id"), instant(row, "valid_until")));
        }
        PollBatch.Result result = PollBatch.apply(plan, personOfKey, holdersOf, state.evidence());
        Future<?> deleted = result.deletedStatements().isEmpty() ? Future.succeededFuture()
            : connection.preparedQuery(DELETE_EVIDENCE)
                .execute(one(result.deletedStatements().toArray(UUID[]::new)));
        Future<?> inserted = result.inserts().isEmpty() ? Future.succeededFuture()
            : connection.preparedQuery(INSERT_EVIDENCE).execute(evidenceTuple(result.inserts()));
        // After both (a connection runs them in order): the holders of voided statements are recounted.
        Set<UUID> voidHolders = new LinkedHashSet<>();
        result.deletedStatements().forEach(id -> voidHolders.addAll(holdersOf.getOrDefault(id, Set.of())));
        Future<?> recounted = voidHolders.isEmpty() ? Future.succeededFuture()
            : connection.preparedQuery(REFRESH_HOLDING).execute(one(voidHolders.toArray(UUID[]::new)));
        Future<List<PassportChange>> finished = finish(connection, result.drafts(), state);
        return Future.all(deleted, inserted, recounted, finished)
            .compose(written -> writeEvents(connection, finished.result(), eventsFor).map(finished.result()));
      });
    });
  }

  /** A tuple of one array parameter ({@code Tuple.of} would spread the array). */
  private static Tuple one(Object[] array) {
    return Tuple.tuple().addValue(array);
  }

  /** A tuple of array parameters, one per {@code unnest} column. */
  private static Tuple arrays(Object[]... arrays) {
    Tuple tuple = Tuple.tuple();
    for (Object[] array : arrays) {
      tuple.addValue(array);
    }
    return tuple;
  }

  private static Set<UUID> uuids(RowSet<Row> rows, String column) {
    Set<UUID> ids = new HashSet<>();
    if (rows != null) {
      rows.forEach(row -> ids.add(row.getUUID(column)));
    }
    return ids;
  }

  private static Tuple evidenceTuple(List<PollBatch.NewEvidence> inserts) {
    int n = inserts.size();
    UUID[] persons = new UUID[n];
    String[] competencies = new String[n];
    String[] stages = new String[n];
    UUID[] statements = new UUID[n];
    String[] rules = new String[n];
    Integer[] versions = new Integer[n];
    String[] organisations = new String[n];
    String[] kinds = new String[n];
    OffsetDateTime[] achieved = new OffsetDateTime[n];
    String[] bases = new String[n];
    Double[] confidences = new Double[n];
    OffsetDateTime[] from = new OffsetDateTime[n];
    OffsetDateTime[] until = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      EvidenceRow row = inserts.get(i).row();
      persons[i] = inserts.get(i).personId();
      competencies[i] = row.competencyNumber();
      stages[i] = row.stage();
      statements[i] = row.statementId();
      rules[i] = row.ruleId();
      versions[i] = row.ruleVersion();
      organisations[i] = row.sourceOrganisation();
      kinds[i] = row.kind();
      achieved[i] = utc(row.achievedAt());
      bases[i] = row.basis();
      confidences[i] = row.confidence();
      from[i] = utc(row.validFrom());
      until[i] = utc(row.validUntil());
    }
    return Tuple.wrap(new Object[] {persons, competencies, stages, statements, rules, versions, organisations, kinds,
        achieved, bases, confidences, from, until});
  }

  /** What some people hold ({@link PollBatch.Held}) and their stored attainment, read with two pipelined queries. */
  private record State(Map<UUID, List<PollBatch.Held>> evidence, Map<UUID, Set<String>> attainment) {}

  /** The state of {@code people}, their evidence summarised per competency × stage except {@code voided}'s pieces. */
  private static Future<State> stateOf(SqlConnection connection, Collection<UUID> people, UUID[] voided) {
    Map<UUID, List<PollBatch.Held>> evidence = new HashMap<>();
    Map<UUID, Set<String>> attainment = new HashMap<>();
    for (UUID personId : people) {
      evidence.put(personId, new ArrayList<>());
      attainment.put(personId, new HashSet<>());
    }
    if (people.isEmpty()) {
      return Future.succeededFuture(new State(evidence, attainment));
    }
    UUID[] ids = people.toArray(UUID[]::new);
    Future<RowSet<Row>> validityRows = connection.preparedQuery(SELECT_VALIDITY).execute(arrays(ids, voided));
    Future<RowSet<Row>> attainmentRows = connection.preparedQuery(SELECT_ATTAINMENT).execute(one(ids));
    return Future.all(validityRows, attainmentRows).map(read -> {
      for (Row row : validityRows.result()) {
        evidence.get(row.getUUID("person_id")).add(new PollBatch.Held(row.getString("competency_number"),
            row.getString("stage"), null, instant(row, "valid_until")));
      }
      for (Row row : attainmentRows.result()) {
        attainment.get(row.getUUID("person_id")).add(row.getString("scope") + "|" + row.getString("stage"));
      }
      return new State(evidence, attainment);
    });
  }

  /**
   * Bumps each person's passport version once per draft and brings attainment up to date once per person
   * (from the evidence after all drafts), with three set-based statements; describes the changes in
   * draft order, attainment going with each person's last change.
   */
  private Future<List<PassportChange>> finish(SqlConnection connection, List<PollBatch.Draft> drafts, State state) {
    if (drafts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Map<UUID, Integer> counts = new TreeMap<>();
    drafts.forEach(draft -> counts.merge(draft.personId(), 1, Integer::sum));
    List<UUID> gainedPeople = new ArrayList<>();
    List<String> gainedKeys = new ArrayList<>();
    List<UUID> lostPeople = new ArrayList<>();
    List<String> lostKeys = new ArrayList<>();
    for (UUID personId : counts.keySet()) {
      Set<String> wanted = attainment.apply(validity(state.evidence().getOrDefault(personId, List.of())));
      Set<String> stored = state.attainment().getOrDefault(personId, Set.of());
      wanted.stream().filter(k -> !stored.contains(k)).forEach(k -> {
        gainedPeople.add(personId);
        gainedKeys.add(k);
      });
      stored.stream().filter(k -> !wanted.contains(k)).sorted().forEach(k -> {
        lostPeople.add(personId);
        lostKeys.add(k);
      });
    }
    Future<RowSet<Row>> versions = connection.preparedQuery(BUMP_VERSIONS).execute(arrays(
        counts.keySet().toArray(UUID[]::new), counts.values().stream().map(Long::valueOf).toArray(Long[]::new)));
    Future<RowSet<Row>> gained = gainedKeys.isEmpty() ? Future.succeededFuture(null)
        : connection.preparedQuery(INSERT_ATTAINMENT).execute(keysTuple(gainedPeople, gainedKeys));
    Future<RowSet<Row>> lost = lostKeys.isEmpty() ? Future.succeededFuture(null)
        : connection.preparedQuery(DELETE_ATTAINMENT).execute(keysTuple(lostPeople, lostKeys));
    return Future.all(versions, gained, lost).map(written -> {
      Map<UUID, Long> last = new HashMap<>();
      versions.result().forEach(row -> last.put(row.getUUID("person_id"), row.getLong("version")));
      Map<UUID, List<AttainmentChange>> attained = new HashMap<>();
      addAttainment(attained, gained.result(), true);
      addAttainment(attained, lost.result(), false);
      Map<UUID, Integer> remaining = new HashMap<>(counts);
      List<PassportChange> changes = new ArrayList<>(drafts.size());
      for (PollBatch.Draft draft : drafts) {
        int after = remaining.merge(draft.personId(), -1, Integer::sum);
        long version = last.get(draft.personId()) - after;
        List<AttainmentChange> attainmentChanges = after == 0
            ? attained.getOrDefault(draft.personId(), List.of()) : List.of();
        changes.add(new PassportChange(draft.personId(), version, draft.changes(), draft.sourceOrganisation(),
            attainmentChanges, draft.notices()));
      }
      return changes;
    });
  }

  private static List<PassportState.Validity> validity(List<PollBatch.Held> held) {
    List<PassportState.Validity> validity = new ArrayList<>(held.size());
    for (PollBatch.Held piece : held) {
      validity.add(new PassportState.Validity(piece.competencyNumber(), piece.stage(), piece.validUntil()));
    }
    return validity;
  }

  private static Tuple keysTuple(List<UUID> people, List<String> keys) {
    String[] scopes = keys.stream().map(k -> k.substring(0, k.indexOf('|'))).toArray(String[]::new);
    String[] stages = keys.stream().map(k -> k.substring(k.indexOf('|') + 1)).toArray(String[]::new);
    return arrays(people.toArray(UUID[]::new), scopes, stages);
  }

  private static void addAttainment(Map<UUID, List<AttainmentChange>> into, RowSet<Row> rows, boolean attained) {
    if (rows == null) {
      return;
    }
    for (Row row : rows) {
      into.computeIfAbsent(row.getUUID("person_id"), k -> new ArrayList<>())
          .add(new AttainmentChange(row.getString("scope"), row.getString("stage"), attained));
    }
  }

  private Future<Void> writeEvents(SqlConnection connection, List<PassportChange> changes,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    List<OutboxMessage> messages = new ArrayList<>();
    changes.forEach(change -> messages.addAll(eventsFor.apply(change)));
    return outbox.append(connection, messages);
  }

  private static List<EvidenceRow> evidenceRows(RowSet<Row> rows) {
    List<EvidenceRow> evidence = new ArrayList<>();
    for (Row row : rows) {
      evidence.add(evidenceRow(row));
    }
    return evidence;
  }

  private static EvidenceRow evidenceRow(Row row) {
    return new EvidenceRow(row.getString("competency_number"), row.getString("stage"),
        row.getUUID("statement_id"), row.getString("rule_id"), row.getInteger("rule_version"),
        row.getString("source_organisation"), row.getString("evidence_kind"), instant(row, "achieved_at"),
        instant(row, "credited_at"), row.getString("basis"), row.getDouble("confidence"), instant(row, "valid_from"),
        instant(row, "valid_until"));
  }

  // ---------------------------------------------------------------- expiry

  @Override
  public Future<List<PassportChange>> expire(Instant now, Instant warnUntil, int limit,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    return pool.withTransaction(connection -> connection.preparedQuery(INSERT_NOTICES)
        .execute(Tuple.of(utc(now), utc(warnUntil), limit))
        .compose(rows -> {
          Map<UUID, List<ExpiryNotice>> byPerson = new LinkedHashMap<>();
          for (Row row : rows) {
            byPerson.computeIfAbsent(row.getUUID("person_id"), k -> new ArrayList<>())
                .add(new ExpiryNotice(row.getString("competency_number"), row.getString("stage"),
                    row.getString("kind"), instant(row, "valid_until")));
          }
          List<PollBatch.Draft> drafts = byPerson.entrySet().stream()
              .map(e -> new PollBatch.Draft(e.getKey(), List.of(), e.getValue(), null)).toList();
          return stateOf(connection, byPerson.keySet(), NO_IDS).compose(state -> finish(connection, drafts, state));
        })
        .compose(changes -> writeEvents(connection, changes, eventsFor).map(changes)));
  }

  // ---------------------------------------------------------------- people

  @Override
  public Future<Optional<LinkResult>> link(UUID personId, String identifierKey, UUID organisationId,
      Function<PassportChange, List<OutboxMessage>> eventsFor, Function<IdentityChange, OutboxMessage> identityEventFor) {
    return pool.withTransaction(connection -> connection.preparedQuery(LOCK_IDENTITIES).execute(Tuple.of(IDENTITY_LOCK))
        .compose(locked -> connection.preparedQuery(RESOLVE_PERSON).execute(Tuple.of(personId)))
        .compose(resolved -> {
          if (resolved.size() == 0) {
            return Future.succeededFuture(Optional.<LinkResult>empty());
          }
          UUID survivor = resolved.iterator().next().getUUID("person_id");
          return connection.preparedQuery(FIND_PERSON).execute(Tuple.of(identifierKey)).compose(owner -> {
            UUID previous = owner.size() == 0 ? null : owner.iterator().next().getUUID("person_id");
            Future<Void> logged = connection.preparedQuery(INSERT_LINK)
                .execute(Tuple.of(identifierKey, survivor, organisationId)).mapEmpty();
            if (survivor.equals(previous)) {
              return logged.map(v -> Optional.of(new LinkResult(survivor, Optional.empty(), false, List.of())));
            }
            if (previous == null) {
              return logged.compose(v -> connection.preparedQuery(UPSERT_IDENTIFIER).execute(Tuple.of(identifierKey, survivor)))
                  .compose(v -> writeIdentityEvents(connection, survivor, null, identityEventFor))
                  .map(v -> Optional.of(new LinkResult(survivor, Optional.empty(), true, List.of())));
            }
            return logged.compose(v -> merge(connection, previous, survivor))
                .compose(changes -> writeEvents(connection, changes, eventsFor)
                    .compose(v -> writeIdentityEvents(connection, survivor, previous, identityEventFor))
                    .map(v -> Optional.of(new LinkResult(survivor, Optional.of(previous), true, changes))));
          });
        }));
  }

  /**
   * Appends the survivor's identity snapshot and, after a merge, the merged person's (no identifiers, merged
   * into the survivor), both under one new identity version.
   */
  private Future<Void> writeIdentityEvents(SqlConnection connection, UUID survivor, UUID merged,
      Function<IdentityChange, OutboxMessage> identityEventFor) {
    return connection.preparedQuery(IDENTITY_SNAPSHOT).execute(Tuple.of(survivor)).compose(rows -> {
      Row row = rows.iterator().next();
      long version = row.getLong("identity_version");
      List<OutboxMessage> messages = new ArrayList<>(2);
      messages.add(identityEventFor.apply(
          new IdentityChange(survivor, version, List.of(row.getArrayOfStrings("identifier_keys")), null)));
      if (merged != null) {
        messages.add(identityEventFor.apply(new IdentityChange(merged, version, List.of(), survivor)));
      }
      return outbox.append(connection, messages);
    });
  }

  private Future<List<PassportChange>> merge(SqlConnection connection, UUID merged, UUID survivor) {
    return connection.preparedQuery(MERGE_IDENTIFIERS).execute(Tuple.of(merged, survivor))
        .compose(v -> connection.preparedQuery(MERGE_EVIDENCE).execute(Tuple.of(merged, survivor)))
        .compose(moved -> connection.preparedQuery(REFRESH_HOLDING).execute(one(new UUID[] {merged, survivor}))
            .map(moved))
        .compose(moved -> connection.preparedQuery(RETIRE_MERGED).execute(Tuple.of(merged, survivor)).map(moved))
        .compose(moved -> onMerge.merged(connection, merged, survivor).map(moved))
        .compose(moved -> {
          if (moved.size() == 0) {
            return Future.succeededFuture(List.<PassportChange>of());
          }
          List<EvidenceChange> changes = new ArrayList<>();
          for (Row row : moved) {
            Credit credit = new Credit(row.getString("competency_number"),
                Stage.fromCode(row.getString("stage")).orElseThrow(), row.getString("rule_id"),
                row.getInteger("rule_version"), row.getString("evidence_kind"), instant(row, "achieved_at"),
                row.getString("basis"), row.getDouble("confidence"), instant(row, "valid_from"),
                instant(row, "valid_until"));
            changes.add(new EvidenceChange(credit.competencyNumber(), credit.stage().code(),
                row.getUUID("statement_id"), true, true, credit));
          }
          return stateOf(connection, List.of(survivor), NO_IDS).compose(state -> finish(connection,
              List.of(new PollBatch.Draft(survivor, changes, List.of(), null)), state));
        });
  }

  @Override
  public Future<Optional<UUID>> personFor(String identifierKey) {
    return pool.preparedQuery(FIND_PERSON).execute(Tuple.of(identifierKey))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("person_id")));
  }

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
            return connection.preparedQuery(SELECT_EVIDENCE).execute(Tuple.of(personId)).map(rows -> Optional.of(
                new Passport(personId, passport.getLong("version"), instant(passport, "updated_at"), evidenceRows(rows))));
          });
        }));
  }

  // ---------------------------------------------------------------- catalogue

  @Override
  public Future<List<String>> putCatalogue(List<CatalogueEntry> entries, boolean override) {
    return pool.withTransaction(connection -> {
      Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
      for (CatalogueEntry entry : entries) {
        JsonArray evidences = new JsonArray();
        entry.evidences().forEach(t -> evidences.add(new JsonObject().put("competency", t.competencyNumber())
            .put("stage", t.stage().code())));
        Tuple tuple = Tuple.tuple().addString(entry.activityIri()).addUUID(entry.organisationId())
            .addString(entry.organisationName()).addValue(evidences).addValue(entry.passMark())
            .addString(entry.renewal() == null ? null : entry.renewal().toString()).addString(entry.kind())
            .addBoolean(override);
        chain = chain.compose(refused -> connection.preparedQuery(UPSERT_CATALOGUE).execute(tuple).map(rows -> {
          if (rows.size() == 0) {
            refused.add(entry.activityIri());
          }
          return refused;
        }));
      }
      // Refused entries roll the whole request back.
      return chain.compose(refused -> refused.isEmpty() ? Future.succeededFuture(refused)
          : Future.failedFuture(new CatalogueConflict(refused)));
    }).recover(failure -> failure instanceof CatalogueConflict conflict
        ? Future.succeededFuture(conflict.refused) : Future.failedFuture(failure));
  }

  private static final class CatalogueConflict extends RuntimeException {
    private final List<String> refused;

    CatalogueConflict(List<String> refused) {
      super("activities owned by another organisation", null, false, false);
      this.refused = refused;
    }
  }

  @Override
  public Future<Map<String, CatalogueEntry>> catalogue() {
    return pool.preparedQuery(SELECT_CATALOGUE).execute().map(rows -> {
      Map<String, CatalogueEntry> entries = new HashMap<>();
      for (Row row : rows) {
        List<CatalogueEntry.Target> targets = new ArrayList<>();
        Object json = row.getValue("evidences");
        JsonArray evidences = json instanceof JsonArray a ? a : new JsonArray(String.valueOf(json));
        for (Object o : evidences) {
          JsonObject t = (JsonObject) o;
          targets.add(new CatalogueEntry.Target(t.getString("competency"), Stage.fromCode(t.getString("stage")).orElseThrow()));
        }
        String renewal = row.getString("renewal");
        entries.put(row.getString("activity_iri"), new CatalogueEntry(row.getString("activity_iri"),
            row.getUUID("organisation_id"), row.getString("organisation_name"), targets, row.getDouble("pass_mark"),
            renewal == null ? null : Period.parse(renewal), row.getString("evidence_kind")));
      }
      return entries;
    });
  }

  // ---------------------------------------------------------------- replay

  @Override
  public Future<List<Map.Entry<String, UUID>>> links() {
    return pool.preparedQuery(SELECT_LINKS).execute().map(rows -> {
      List<Map.Entry<String, UUID>> links = new ArrayList<>();
      for (Row row : rows) {
        links.add(new AbstractMap.SimpleImmutableEntry<>(row.getString("identifier_key"), row.getUUID("person_id")));
      }
      return links;
    });
  }

  @Override
  public Future<Void> importLinks(Collection<Map.Entry<String, UUID>> links) {
    return pool.withTransaction(connection -> {
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<String, UUID> link : links) {
        chain = chain
            .compose(v -> connection.preparedQuery(ENSURE_PERSON).execute(Tuple.of(link.getValue())))
            .compose(v -> connection.preparedQuery(UPSERT_IDENTIFIER).execute(Tuple.of(link.getKey(), link.getValue())))
            .compose(v -> connection.preparedQuery(INSERT_LINK).execute(Tuple.of(link.getKey(), link.getValue(), null)))
            .mapEmpty();
      }
      return chain;
    });
  }

  @Override
  public Future<Set<UUID>> processedStatementIds() {
    return pool.preparedQuery(PROCESSED_IDS).execute().map(rows -> {
      Set<UUID> ids = new HashSet<>();
      rows.forEach(row -> ids.add(row.getUUID("event_id")));
      return ids;
    });
  }

  @Override
  public Future<List<String>> snapshot() {
    return pool.preparedQuery(SNAPSHOT_EVIDENCE).execute()
        .compose(evidence -> pool.preparedQuery(SNAPSHOT_ATTAINMENT).execute()
            .compose(attained -> pool.preparedQuery(SNAPSHOT_VOIDED).execute().map(voided -> {
              List<String> lines = new ArrayList<>();
              for (Row row : evidence) {
                lines.add("evidence " + row.getUUID("person_id") + " " + row.getString("competency_number") + " "
                    + row.getString("stage") + " " + row.getUUID("statement_id") + " " + row.getString("rule_id") + "@"
                    + row.getInteger("rule_version") + " " + row.getString("source_organisation") + " "
                    + row.getString("evidence_kind") + " " + row.getString("basis") + " " + row.getDouble("confidence")
                    + " " + instant(row, "achieved_at") + " " + instant(row, "valid_from") + " "
                    + instant(row, "valid_until"));
              }
              for (Row row : attained) {
                lines.add("attained " + row.getUUID("person_id") + " " + row.getString("scope") + " " + row.getString("stage"));
              }
              for (Row row : voided) {
                lines.add("voided " + row.getUUID("statement_id") + " by " + row.getUUID("voided_by"));
              }
              return lines;
            })));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
