package org.ahphub.mapper.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.store.PassportStore;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.outbox.Outbox;
import org.ahphub.platform.outbox.OutboxMessage;

/** {@link PassportStore} on PostgreSQL, schema {@code mapper}. */
public final class PgPassportStore implements PassportStore {

  private static final String MARK_PROCESSED = SqlResources.load("sql/mapper/mark-processed.sql");
  private static final String ENSURE_PERSON = SqlResources.load("sql/mapper/ensure-person.sql");
  private static final String ENSURE_IDENTIFIER = SqlResources.load("sql/mapper/ensure-identifier.sql");
  private static final String FIND_PERSON = SqlResources.load("sql/mapper/find-person-by-identifier.sql");
  private static final String IS_VOIDED = SqlResources.load("sql/mapper/is-voided.sql");
  private static final String RECORD_VOIDED = SqlResources.load("sql/mapper/record-voided.sql");
  private static final String INSERT_EVIDENCE = SqlResources.load("sql/mapper/insert-evidence.sql");
  private static final String DELETE_EVIDENCE = SqlResources.load("sql/mapper/delete-evidence-of-statement.sql");
  private static final String COUNT_REMAINING = SqlResources.load("sql/mapper/count-remaining-evidence.sql");
  private static final String BUMP_VERSION = SqlResources.load("sql/mapper/bump-passport-version.sql");
  private static final String SELECT_PASSPORT = SqlResources.load("sql/mapper/select-passport.sql");
  private static final String SELECT_EVIDENCE = SqlResources.load("sql/mapper/select-evidence-of-person.sql");
  private static final String REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";

  private final Pool pool;
  private final Outbox outbox = new Outbox("mapper");

  public PgPassportStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<List<PassportChange>> apply(StatementOutcome outcome,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    return pool.withTransaction(connection -> firstDelivery(connection, outcome.statementId())
        .compose(first -> !first
            ? Future.succeededFuture(List.<PassportChange>of())
            : outcome.voidsStatementId() != null
                ? retract(connection, outcome)
                : credit(connection, outcome))
        .compose(changes -> writeEvents(connection, changes, eventsFor).map(changes)));
  }

  private Future<Boolean> firstDelivery(SqlConnection connection, UUID statementId) {
    return connection.preparedQuery(MARK_PROCESSED).execute(Tuple.of(statementId)).map(rows -> rows.size() == 1);
  }

  private Future<List<PassportChange>> credit(SqlConnection connection, StatementOutcome outcome) {
    return connection.preparedQuery(IS_VOIDED).execute(Tuple.of(outcome.statementId()))
        .compose(voided -> voided.size() > 0 || outcome.credits().isEmpty()
            ? Future.succeededFuture(List.of())
            : resolvePerson(connection, outcome).compose(personId -> insertEvidence(connection, personId, outcome)));
  }

  private Future<UUID> resolvePerson(SqlConnection connection, StatementOutcome outcome) {
    return connection.preparedQuery(ENSURE_PERSON).execute(Tuple.of(outcome.candidatePersonId()))
        .compose(v -> connection.preparedQuery(ENSURE_IDENTIFIER)
            .execute(Tuple.of(outcome.identifierKey(), outcome.candidatePersonId())))
        .compose(v -> connection.preparedQuery(FIND_PERSON).execute(Tuple.of(outcome.identifierKey())))
        .map(rows -> rows.iterator().next().getUUID("person_id"));
  }

  private Future<List<PassportChange>> insertEvidence(SqlConnection connection, UUID personId,
      StatementOutcome outcome) {
    List<Credit> credits = outcome.credits();
    int n = credits.size();
    UUID[] persons = new UUID[n];
    String[] competencies = new String[n];
    String[] stages = new String[n];
    UUID[] statements = new UUID[n];
    String[] rules = new String[n];
    Integer[] versions = new Integer[n];
    String[] organisations = new String[n];
    String[] kinds = new String[n];
    java.time.OffsetDateTime[] achieved = new java.time.OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Credit credit = credits.get(i);
      persons[i] = personId;
      competencies[i] = credit.competencyNumber();
      stages[i] = credit.stage().code();
      statements[i] = outcome.statementId();
      rules[i] = credit.ruleId();
      versions[i] = credit.ruleVersion();
      organisations[i] = outcome.sourceOrganisation();
      kinds[i] = credit.kind();
      achieved[i] = credit.achievedAt().atOffset(ZoneOffset.UTC);
    }
    return connection.preparedQuery(INSERT_EVIDENCE)
        .execute(Tuple.wrap(new Object[] {persons, competencies, stages, statements, rules, versions, organisations,
            kinds, achieved}))
        .compose(rows -> {
          List<EvidenceChange> changes = new ArrayList<>();
          for (Row row : rows) {
            String competency = row.getString("competency_number");
            String stage = row.getString("stage");
            Credit credit = credits.stream()
                .filter(c -> c.competencyNumber().equals(competency) && c.stage().code().equals(stage))
                .findFirst().orElseThrow();
            changes.add(new EvidenceChange(competency, stage, outcome.statementId(), true, true, credit));
          }
          return changes.isEmpty()
              ? Future.succeededFuture(List.of())
              : bumpVersion(connection, personId)
                  .map(version -> List.of(new PassportChange(personId, version, changes, outcome.sourceOrganisation())));
        });
  }

  private Future<List<PassportChange>> retract(SqlConnection connection, StatementOutcome outcome) {
    UUID target = outcome.voidsStatementId();
    return connection.preparedQuery(RECORD_VOIDED).execute(Tuple.of(target, outcome.statementId()))
        .compose(v -> connection.preparedQuery(DELETE_EVIDENCE).execute(Tuple.of(target)))
        .compose(rows -> {
          List<Future<EvidenceChange>> removals = new ArrayList<>();
          UUID personId = null;
          for (Row row : rows) {
            personId = row.getUUID("person_id");
            removals.add(removal(connection, personId, row.getString("competency_number"), row.getString("stage"), target));
          }
          if (removals.isEmpty()) {
            return Future.succeededFuture(List.<PassportChange>of());
          }
          UUID person = personId;
          return Future.all(removals)
              .compose(all -> bumpVersion(connection, person)
                  .map(version -> List.of(new PassportChange(person, version, all.list(), outcome.sourceOrganisation()))));
        });
  }

  private Future<EvidenceChange> removal(SqlConnection connection, UUID personId, String competency, String stage,
      UUID statementId) {
    return connection.preparedQuery(COUNT_REMAINING).execute(Tuple.of(personId, competency, stage))
        .map(rows -> new EvidenceChange(competency, stage, statementId, false,
            rows.iterator().next().getLong("remaining") > 0, null));
  }

  private Future<Long> bumpVersion(SqlConnection connection, UUID personId) {
    return connection.preparedQuery(BUMP_VERSION).execute(Tuple.of(personId))
        .map(rows -> rows.iterator().next().getLong("version"));
  }

  private Future<Void> writeEvents(SqlConnection connection, List<PassportChange> changes,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    List<OutboxMessage> messages = changes.stream().flatMap(change -> eventsFor.apply(change).stream()).toList();
    return outbox.append(connection, messages);
  }

  @Override
  public Future<Optional<UUID>> personFor(String identifierKey) {
    return pool.preparedQuery(FIND_PERSON).execute(Tuple.of(identifierKey))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("person_id")));
  }

  @Override
  public Future<Optional<Passport>> passport(UUID personId) {
    // One snapshot for the version and the evidence, so a reader never sees new evidence under an old version.
    return pool.withTransaction(connection -> connection.query(REPEATABLE_READ).execute()
        .compose(v -> connection.preparedQuery(SELECT_PASSPORT).execute(Tuple.of(personId)))
        .compose(passports -> passports.size() == 0
            ? Future.succeededFuture(Optional.<Passport>empty())
            : readEvidence(connection, personId, passports.iterator().next())));
  }

  private static Future<Optional<Passport>> readEvidence(SqlConnection connection, UUID personId, Row passport) {
    return connection.preparedQuery(SELECT_EVIDENCE).execute(Tuple.of(personId)).map(rows -> {
        List<EvidenceRow> evidence = new ArrayList<>();
        for (Row row : rows) {
          evidence.add(new EvidenceRow(row.getString("competency_number"), row.getString("stage"),
              row.getUUID("statement_id"), row.getString("rule_id"), row.getInteger("rule_version"),
              row.getString("source_organisation"), row.getString("evidence_kind"),
              row.getOffsetDateTime("achieved_at").toInstant(), row.getOffsetDateTime("credited_at").toInstant()));
        }
        return Optional.of(new Passport(personId, passport.getLong("version"),
            passport.getOffsetDateTime("updated_at").toInstant(), evidence));
      });
  }
}
