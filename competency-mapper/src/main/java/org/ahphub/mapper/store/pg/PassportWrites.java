package org.ahphub.mapper.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.store.PassportStore.AttainmentChange;
import org.ahphub.mapper.store.PassportStore.AttainmentFunction;
import org.ahphub.mapper.store.PassportStore.EvidenceRow;
import org.ahphub.mapper.store.PassportStore.HeldValidity;
import org.ahphub.mapper.store.PassportStore.LearningRow;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.mapper.store.PassportStore.StatementDetail;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.outbox.Outbox;
import org.ahphub.platform.outbox.OutboxMessage;

/**
 * What the PostgreSQL stores share when they change passports: reading people's state (what they hold, summarised
 * per competency x stage, and their attainment), bumping versions and bringing attainment up to date in a few
 * set-based statements, and appending the outbox events, all on the caller's transaction.
 */
final class PassportWrites {

  static final String REFRESH_HOLDING = SqlResources.load("sql/mapper/refresh-holding.sql");
  private static final String BUMP_VERSIONS = SqlResources.load("sql/mapper/bump-passport-versions.sql");
  private static final String SELECT_VALIDITY = SqlResources.load("sql/mapper/select-validity-of-people.sql");
  private static final String SELECT_ATTAINMENT = SqlResources.load("sql/mapper/select-attainment-of-people.sql");
  private static final String INSERT_ATTAINMENT = SqlResources.load("sql/mapper/insert-attainment.sql");
  private static final String DELETE_ATTAINMENT = SqlResources.load("sql/mapper/delete-attainment.sql");
  static final UUID[] NO_IDS = new UUID[0];

  private final AttainmentFunction attainment;
  private final Outbox outbox = new Outbox("mapper");

  PassportWrites(AttainmentFunction attainment) {
    this.attainment = attainment;
  }

  Outbox outbox() {
    return outbox;
  }

  /** A tuple of one array parameter ({@code Tuple.of} would spread the array). */
  static Tuple one(Object[] array) {
    return Tuple.tuple().addValue(array);
  }

  /** A tuple of array parameters, one per {@code unnest} column. */
  static Tuple arrays(Object[]... arrays) {
    Tuple tuple = Tuple.tuple();
    for (Object[] array : arrays) {
      tuple.addValue(array);
    }
    return tuple;
  }

  static Set<UUID> uuids(RowSet<Row> rows, String column) {
    Set<UUID> ids = new HashSet<>();
    if (rows != null) {
      rows.forEach(row -> ids.add(row.getUUID(column)));
    }
    return ids;
  }

  static Tuple evidenceTuple(List<PollBatch.NewEvidence> inserts) {
    int n = inserts.size();
    UUID[] persons = new UUID[n];
    String[] competencies = new String[n];
    String[] stages = new String[n];
    UUID[] statements = new UUID[n];
    UUID[] lrsIds = new UUID[n];
    UUID[] organisationIds = new UUID[n];
    String[] rules = new String[n];
    Integer[] versions = new Integer[n];
    String[] organisations = new String[n];
    String[] kinds = new String[n];
    OffsetDateTime[] achieved = new OffsetDateTime[n];
    String[] bases = new String[n];
    Double[] confidences = new Double[n];
    OffsetDateTime[] from = new OffsetDateTime[n];
    OffsetDateTime[] until = new OffsetDateTime[n];
    String[] identifierKeys = new String[n];
    for (int i = 0; i < n; i++) {
      identifierKeys[i] = inserts.get(i).identifierKey();
      EvidenceRow row = inserts.get(i).row();
      persons[i] = inserts.get(i).personId();
      competencies[i] = row.competencyNumber();
      stages[i] = row.stage();
      statements[i] = row.statementKey();
      lrsIds[i] = row.statementId();
      organisationIds[i] = row.sourceOrganisationId();
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
        achieved, bases, confidences, from, until, lrsIds, organisationIds, identifierKeys});
  }

  /** What some people hold ({@link PollBatch.Held}) and their stored attainment, read with two pipelined queries. */
  record State(Map<UUID, List<PollBatch.Held>> evidence, Map<UUID, Set<String>> attainment) {}

  /** The state of {@code people}, their evidence summarised per competency × stage except {@code voided}'s pieces. */
  static Future<State> stateOf(SqlConnection connection, Collection<UUID> people, UUID[] voided) {
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
  Future<List<PassportChange>> finish(SqlConnection connection, List<PollBatch.Draft> drafts, State state) {
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

  static List<HeldValidity> validity(List<PollBatch.Held> held) {
    List<HeldValidity> validity = new ArrayList<>(held.size());
    for (PollBatch.Held piece : held) {
      validity.add(new HeldValidity(piece.competencyNumber(), piece.stage(), piece.validUntil()));
    }
    return validity;
  }

  static Tuple keysTuple(List<UUID> people, List<String> keys) {
    String[] scopes = keys.stream().map(k -> k.substring(0, k.indexOf('|'))).toArray(String[]::new);
    String[] stages = keys.stream().map(k -> k.substring(k.indexOf('|') + 1)).toArray(String[]::new);
    return arrays(people.toArray(UUID[]::new), scopes, stages);
  }

  static void addAttainment(Map<UUID, List<AttainmentChange>> into, RowSet<Row> rows, boolean attained) {
    if (rows == null) {
      return;
    }
    for (Row row : rows) {
      into.computeIfAbsent(row.getUUID("person_id"), k -> new ArrayList<>())
          .add(new AttainmentChange(row.getString("scope"), row.getString("stage"), attained));
    }
  }

  Future<Void> writeEvents(SqlConnection connection, List<PassportChange> changes,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    List<OutboxMessage> messages = new ArrayList<>();
    changes.forEach(change -> messages.addAll(eventsFor.apply(change)));
    return outbox.append(connection, messages);
  }

  static List<EvidenceRow> evidenceRows(RowSet<Row> rows) {
    List<EvidenceRow> evidence = new ArrayList<>();
    for (Row row : rows) {
      evidence.add(evidenceRow(row));
    }
    return evidence;
  }

  static EvidenceRow evidenceRow(Row row) {
    return new EvidenceRow(row.getString("competency_number"), row.getString("stage"),
        row.getUUID("statement_id"), row.getUUID("lrs_statement_id"), row.getString("rule_id"),
        row.getInteger("rule_version"), row.getString("source_organisation"), row.getUUID("source_organisation_id"),
        row.getString("evidence_kind"), instant(row, "achieved_at"),
        instant(row, "credited_at"), row.getString("basis"), row.getDouble("confidence"), instant(row, "valid_from"),
        instant(row, "valid_until"), detail(row));
  }

  /** The statement's details in words, when the query joined them ({@code detail_key}) and they exist. */
  private static StatementDetail detail(Row row) {
    int column = row.getColumnIndex("detail_key");
    if (column < 0 || row.getValue(column) == null) {
      return null;
    }
    int subjectColumn = row.getColumnIndex("training_subject");
    String subject = subjectColumn < 0 ? null : row.getString(subjectColumn);
    return new StatementDetail(row.getString("activity_iri"), row.getString("activity_name"), row.getString("platform"),
        row.getBoolean("success"), row.getBoolean("completion"), row.getDouble("score_scaled"),
        subject == null ? Map.of() : Map.of(row.getString("competency_number"), subject), optional(row, "kind"),
        optional(row, "assessor_role"));
  }

  private static String optional(Row row, String column) {
    int index = row.getColumnIndex(column);
    return index < 0 ? null : row.getString(index);
  }

  static List<LearningRow> learningRows(RowSet<Row> rows) {
    List<LearningRow> learning = new ArrayList<>();
    for (Row row : rows) {
      learning.add(new LearningRow(row.getUUID("statement_key"), row.getUUID("lrs_statement_id"),
          row.getString("source_organisation"), row.getUUID("source_organisation_id"), row.getString("verb"),
          instant(row, "achieved_at"), instant(row, "recorded_at"), detail(row)));
    }
    return learning;
  }

  /** The arrays of {@code insert-learning-records.sql}. */
  static Tuple learningTuple(List<PollBatch.NewLearning> rows) {
    return arrays(
        rows.stream().map(r -> r.outcome().statementKey()).toArray(UUID[]::new),
        rows.stream().map(PollBatch.NewLearning::personId).toArray(UUID[]::new),
        rows.stream().map(r -> r.outcome().statementId()).toArray(UUID[]::new),
        rows.stream().map(r -> r.outcome().sourceOrganisation()).toArray(String[]::new),
        rows.stream().map(r -> r.outcome().organisationId()).toArray(UUID[]::new),
        rows.stream().map(r -> r.outcome().identifierKey()).toArray(String[]::new),
        rows.stream().map(r -> r.outcome().learning().verb()).toArray(String[]::new),
        rows.stream().map(r -> utc(r.outcome().learning().achievedAt())).toArray(OffsetDateTime[]::new));
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
