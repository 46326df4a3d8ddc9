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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.rules.CatalogueEntry;
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
  private static final String RESOLVE_PERSON = SqlResources.load("sql/mapper/resolve-person.sql");
  private static final String IS_VOIDED = SqlResources.load("sql/mapper/is-voided.sql");
  private static final String RECORD_VOIDED = SqlResources.load("sql/mapper/record-voided.sql");
  private static final String INSERT_EVIDENCE = SqlResources.load("sql/mapper/insert-evidence.sql");
  private static final String DELETE_EVIDENCE = SqlResources.load("sql/mapper/delete-evidence-of-statement.sql");
  private static final String BUMP_VERSION = SqlResources.load("sql/mapper/bump-passport-version.sql");
  private static final String SELECT_PASSPORT = SqlResources.load("sql/mapper/select-passport.sql");
  private static final String SELECT_EVIDENCE = SqlResources.load("sql/mapper/select-evidence-of-person.sql");
  private static final String SELECT_ATTAINMENT = SqlResources.load("sql/mapper/select-attainment.sql");
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

  private final Pool pool;
  private final AttainmentFunction attainment;
  private final Outbox outbox = new Outbox("mapper");

  public PgPassportStore(Pool pool, AttainmentFunction attainment) {
    this.pool = pool;
    this.attainment = attainment;
  }

  // ---------------------------------------------------------------- statements

  @Override
  public Future<List<PassportChange>> apply(StatementOutcome outcome,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    return pool.withTransaction(connection -> applyOn(connection, outcome, eventsFor));
  }

  @Override
  public Future<List<PassportChange>> applyAll(List<StatementOutcome> outcomes,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.withTransaction(connection -> {
      Future<List<PassportChange>> chain = Future.succeededFuture(new ArrayList<>());
      for (StatementOutcome outcome : outcomes) {
        chain = chain.compose(all -> applyOn(connection, outcome, eventsFor).map(changes -> {
          all.addAll(changes);
          return all;
        }));
      }
      return chain;
    });
  }

  private Future<List<PassportChange>> applyOn(SqlConnection connection, StatementOutcome outcome,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    return firstDelivery(connection, outcome.statementId())
        .compose(first -> !first
            ? Future.succeededFuture(List.<PassportChange>of())
            : outcome.voidsStatementId() != null
                ? retract(connection, outcome)
                : credit(connection, outcome))
        .compose(changes -> writeEvents(connection, changes, eventsFor).map(changes));
  }

  private Future<Boolean> firstDelivery(SqlConnection connection, UUID statementId) {
    return connection.preparedQuery(MARK_PROCESSED).execute(Tuple.of(statementId)).map(rows -> rows.size() == 1);
  }

  private Future<List<PassportChange>> credit(SqlConnection connection, StatementOutcome outcome) {
    if (outcome.credits().isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return connection.preparedQuery(IS_VOIDED).execute(Tuple.of(outcome.statementId()))
        .compose(voided -> voided.size() > 0
            ? Future.succeededFuture(List.of())
            : resolvePerson(connection, outcome).compose(personId -> insertEvidence(connection, personId, outcome)));
  }

  private Future<UUID> resolvePerson(SqlConnection connection, StatementOutcome outcome) {
    return connection.preparedQuery(FIND_PERSON).execute(Tuple.of(outcome.identifierKey())).compose(found -> {
      if (found.size() > 0) {
        return Future.succeededFuture(found.iterator().next().getUUID("person_id"));
      }
      return connection.preparedQuery(ENSURE_PERSON).execute(Tuple.of(outcome.candidatePersonId()))
          .compose(v -> connection.preparedQuery(ENSURE_IDENTIFIER)
              .execute(Tuple.of(outcome.identifierKey(), outcome.candidatePersonId())))
          .compose(v -> connection.preparedQuery(FIND_PERSON).execute(Tuple.of(outcome.identifierKey())))
          .map(rows -> rows.iterator().next().getUUID("person_id"));
    });
  }

  private Future<List<PassportChange>> insertEvidence(SqlConnection connection, UUID personId,
      StatementOutcome outcome) {
    List<Credit> credits = outcome.credits();
    return evidenceOf(connection, personId).compose(before -> {
      int n = credits.size();
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
        Credit credit = credits.get(i);
        persons[i] = personId;
        competencies[i] = credit.competencyNumber();
        stages[i] = credit.stage().code();
        statements[i] = outcome.statementId();
        rules[i] = credit.ruleId();
        versions[i] = credit.ruleVersion();
        organisations[i] = outcome.sourceOrganisation();
        kinds[i] = credit.kind();
        achieved[i] = utc(credit.achievedAt());
        bases[i] = credit.basis();
        confidences[i] = credit.confidence();
        from[i] = utc(credit.validFrom());
        until[i] = utc(credit.validUntil());
      }
      return connection.preparedQuery(INSERT_EVIDENCE)
          .execute(Tuple.wrap(new Object[] {persons, competencies, stages, statements, rules, versions, organisations,
              kinds, achieved, bases, confidences, from, until}))
          .compose(rows -> {
            List<EvidenceChange> changes = new ArrayList<>();
            List<EvidenceRow> after = new ArrayList<>(before);
            for (Row row : rows) {
              String competency = row.getString("competency_number");
              String stage = row.getString("stage");
              Credit credit = credits.stream()
                  .filter(c -> c.competencyNumber().equals(competency) && c.stage().code().equals(stage))
                  .findFirst().orElseThrow();
              changes.add(new EvidenceChange(competency, stage, outcome.statementId(), true, true, credit,
                  renews(before, credit)));
              after.add(rowOf(credit, outcome));
            }
            return changes.isEmpty()
                ? Future.succeededFuture(List.<PassportChange>of())
                : finish(connection, personId, after, changes, List.of(), outcome.sourceOrganisation());
          });
    });
  }

  /** A credit renews when the same competency x stage already had evidence that all ends before the new one. */
  private static boolean renews(List<EvidenceRow> before, Credit credit) {
    if (credit.validUntil() == null) {
      return false;
    }
    List<EvidenceRow> same = before.stream()
        .filter(r -> r.competencyNumber().equals(credit.competencyNumber()) && r.stage().equals(credit.stage().code()))
        .toList();
    return !same.isEmpty() && same.stream().allMatch(r -> r.validUntil() != null && r.validUntil().isBefore(credit.validUntil()));
  }

  private static EvidenceRow rowOf(Credit credit, StatementOutcome outcome) {
    return new EvidenceRow(credit.competencyNumber(), credit.stage().code(), outcome.statementId(), credit.ruleId(),
        credit.ruleVersion(), outcome.sourceOrganisation(), credit.kind(), credit.achievedAt(), Instant.now(),
        credit.basis(), credit.confidence(), credit.validFrom(), credit.validUntil());
  }

  private Future<List<PassportChange>> retract(SqlConnection connection, StatementOutcome outcome) {
    UUID target = outcome.voidsStatementId();
    return connection.preparedQuery(RECORD_VOIDED).execute(Tuple.of(target, outcome.statementId()))
        .compose(v -> connection.preparedQuery(DELETE_EVIDENCE).execute(Tuple.of(target)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(List.<PassportChange>of());
          }
          UUID personId = rows.iterator().next().getUUID("person_id");
          List<String[]> removed = new ArrayList<>();
          for (Row row : rows) {
            removed.add(new String[] {row.getString("competency_number"), row.getString("stage")});
          }
          return evidenceOf(connection, personId).compose(after -> {
            List<EvidenceChange> changes = new ArrayList<>();
            for (String[] key : removed) {
              boolean held = after.stream().anyMatch(r -> r.competencyNumber().equals(key[0]) && r.stage().equals(key[1]));
              changes.add(new EvidenceChange(key[0], key[1], target, false, held, null));
            }
            return finish(connection, personId, after, changes, List.of(), outcome.sourceOrganisation());
          });
        });
  }

  /** Bumps the version, brings attainment up to date and describes the change. */
  private Future<List<PassportChange>> finish(SqlConnection connection, UUID personId, List<EvidenceRow> evidence,
      List<EvidenceChange> changes, List<ExpiryNotice> notices, String sourceOrganisation) {
    return bumpVersion(connection, personId)
        .compose(version -> updateAttainment(connection, personId, evidence)
            .map(attained -> List.of(new PassportChange(personId, version, changes, sourceOrganisation, attained, notices))));
  }

  private Future<List<AttainmentChange>> updateAttainment(SqlConnection connection, UUID personId,
      List<EvidenceRow> evidence) {
    Set<String> wanted = attainment.apply(evidence);
    return connection.preparedQuery(SELECT_ATTAINMENT).execute(Tuple.of(personId)).compose(rows -> {
      Set<String> stored = new HashSet<>();
      for (Row row : rows) {
        stored.add(row.getString("scope") + "|" + row.getString("stage"));
      }
      List<String> gained = wanted.stream().filter(k -> !stored.contains(k)).toList();
      List<String> lost = stored.stream().filter(k -> !wanted.contains(k)).sorted().toList();
      Future<List<AttainmentChange>> added = gained.isEmpty() ? Future.succeededFuture(List.of())
          : connection.preparedQuery(INSERT_ATTAINMENT).execute(keysTuple(personId, gained))
              .map(r -> attainmentChanges(r, true));
      return added.compose(a -> lost.isEmpty() ? Future.succeededFuture(a)
          : connection.preparedQuery(DELETE_ATTAINMENT).execute(keysTuple(personId, lost)).map(r -> {
            List<AttainmentChange> all = new ArrayList<>(a);
            all.addAll(attainmentChanges(r, false));
            return all;
          }));
    });
  }

  private static Tuple keysTuple(UUID personId, List<String> keys) {
    String[] scopes = keys.stream().map(k -> k.substring(0, k.indexOf('|'))).toArray(String[]::new);
    String[] stages = keys.stream().map(k -> k.substring(k.indexOf('|') + 1)).toArray(String[]::new);
    return Tuple.of(personId, scopes, stages);
  }

  private static List<AttainmentChange> attainmentChanges(RowSet<Row> rows, boolean attained) {
    List<AttainmentChange> changes = new ArrayList<>();
    for (Row row : rows) {
      changes.add(new AttainmentChange(row.getString("scope"), row.getString("stage"), attained));
    }
    return changes;
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

  private static Future<List<EvidenceRow>> evidenceOf(SqlConnection connection, UUID personId) {
    return connection.preparedQuery(SELECT_EVIDENCE).execute(Tuple.of(personId)).map(PgPassportStore::evidenceRows);
  }

  private static List<EvidenceRow> evidenceRows(RowSet<Row> rows) {
    List<EvidenceRow> evidence = new ArrayList<>();
    for (Row row : rows) {
      evidence.add(new EvidenceRow(row.getString("competency_number"), row.getString("stage"),
          row.getUUID("statement_id"), row.getString("rule_id"), row.getInteger("rule_version"),
          row.getString("source_organisation"), row.getString("evidence_kind"), instant(row, "achieved_at"),
          instant(row, "credited_at"), row.getString("basis"), row.getDouble("confidence"), instant(row, "valid_from"),
          instant(row, "valid_until")));
    }
    return evidence;
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
          Future<List<PassportChange>> chain = Future.succeededFuture(new ArrayList<>());
          for (Map.Entry<UUID, List<ExpiryNotice>> entry : byPerson.entrySet()) {
            chain = chain.compose(done -> evidenceOf(connection, entry.getKey())
                .compose(evidence -> finish(connection, entry.getKey(), evidence, List.of(), entry.getValue(), null))
                .map(change -> {
                  done.addAll(change);
                  return done;
                }));
          }
          return chain;
        })
        .compose(changes -> writeEvents(connection, changes, eventsFor).map(changes)));
  }

  // ---------------------------------------------------------------- people

  @Override
  public Future<Optional<LinkResult>> link(UUID personId, String identifierKey, UUID organisationId,
      Function<PassportChange, List<OutboxMessage>> eventsFor) {
    return pool.withTransaction(connection -> connection.preparedQuery(RESOLVE_PERSON).execute(Tuple.of(personId))
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
                  .map(v -> Optional.of(new LinkResult(survivor, Optional.empty(), true, List.of())));
            }
            return logged.compose(v -> merge(connection, previous, survivor))
                .compose(changes -> writeEvents(connection, changes, eventsFor)
                    .map(v -> Optional.of(new LinkResult(survivor, Optional.of(previous), true, changes))));
          });
        }));
  }

  private Future<List<PassportChange>> merge(SqlConnection connection, UUID merged, UUID survivor) {
    return connection.preparedQuery(MERGE_IDENTIFIERS).execute(Tuple.of(merged, survivor))
        .compose(v -> connection.preparedQuery(MERGE_EVIDENCE).execute(Tuple.of(merged, survivor)))
        .compose(moved -> connection.preparedQuery(RETIRE_MERGED).execute(Tuple.of(merged, survivor)).map(moved))
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
          return evidenceOf(connection, survivor)
              .compose(evidence -> finish(connection, survivor, evidence, changes, List.of(), null));
        });
  }

  @Override
  public Future<Optional<UUID>> personFor(String identifierKey) {
    return pool.preparedQuery(FIND_PERSON).execute(Tuple.of(identifierKey))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("person_id")));
  }

  @Override
  public Future<Optional<Passport>> passport(UUID requested) {
    return pool.preparedQuery(RESOLVE_PERSON).execute(Tuple.of(requested)).compose(resolved -> {
      UUID personId = resolved.size() == 0 ? requested : resolved.iterator().next().getUUID("person_id");
      return pool.preparedQuery(SELECT_PASSPORT).execute(Tuple.of(personId)).compose(passports -> {
        if (passports.size() == 0) {
          return Future.succeededFuture(Optional.<Passport>empty());
        }
        Row passport = passports.iterator().next();
        return pool.preparedQuery(SELECT_EVIDENCE).execute(Tuple.of(personId)).map(rows -> Optional.of(
            new Passport(personId, passport.getLong("version"), instant(passport, "updated_at"), evidenceRows(rows))));
      });
    });
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
