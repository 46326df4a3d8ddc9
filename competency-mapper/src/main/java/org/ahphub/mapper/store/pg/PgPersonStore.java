package org.ahphub.mapper.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.store.PassportStore.AttainmentFunction;
import org.ahphub.mapper.store.PassportStore.EvidenceChange;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.mapper.store.PersonStore;
import org.ahphub.mapper.store.PersonStore.IdentityChange;
import org.ahphub.mapper.store.PersonStore.LinkResult;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.outbox.OutboxMessage;

/** {@link PersonStore} on PostgreSQL, schema {@code mapper}: linking identifiers to people and merging people. */
public final class PgPersonStore implements PersonStore {

  private static final String LOCK_IDENTITIES = SqlResources.load("sql/mapper/lock-identities.sql");
  private static final String RESOLVE_PERSON = SqlResources.load("sql/mapper/resolve-person.sql");
  private static final String FIND_PERSON = SqlResources.load("sql/mapper/find-person-by-identifier.sql");
  private static final String INSERT_LINK = SqlResources.load("sql/mapper/insert-link.sql");
  private static final String ENSURE_PERSON = SqlResources.load("sql/mapper/ensure-person.sql");
  private static final String UPSERT_IDENTIFIER = SqlResources.load("sql/mapper/upsert-identifier.sql");
  private static final String IDENTITY_SNAPSHOT = SqlResources.load("sql/mapper/identity-snapshot.sql");
  private static final String MERGE_IDENTIFIERS = SqlResources.load("sql/mapper/merge-identifiers.sql");
  private static final String MERGE_EVIDENCE = SqlResources.load("sql/mapper/merge-evidence.sql");
  private static final String RETIRE_MERGED = SqlResources.load("sql/mapper/retire-merged-person.sql");
  private static final String RECORD_MERGE = SqlResources.load("sql/mapper/record-merge.sql");
  private static final String RECORD_MERGE_CONSENT = SqlResources.load("sql/mapper/record-merge-consent.sql");
  private static final String FIND_OPEN_MERGE = SqlResources.load("sql/mapper/find-open-merge.sql");
  private static final String UNDO_MERGE = SqlResources.load("sql/mapper/undo-merge.sql");
  private static final String SPLIT_EVIDENCE = SqlResources.load("sql/mapper/split-evidence.sql");
  private static final String MERGE_LEARNING = SqlResources.load("sql/mapper/merge-learning.sql");
  private static final String SPLIT_LEARNING = SqlResources.load("sql/mapper/split-learning.sql");
  private static final String SELECT_MERGES = SqlResources.load("sql/mapper/select-merges.sql");
  private static final String INSERT_CLAIM_CODE = SqlResources.load("sql/mapper/insert-claim-code.sql");
  private static final String REDEEM_CLAIM_CODE = SqlResources.load("sql/mapper/redeem-claim-code.sql");
  /** The advisory lock every change to who holds which identifier takes until it commits ("MPI1"). */
  static final long IDENTITY_LOCK = 0x4d504931L;
  private static final UUID[] NO_IDS = new UUID[0];

  /**
   * Work other parts of the schema do in a merge's transaction, after the mapper's own tables have moved:
   * rows they hold against the merged person move to the survivor (access: relationships and grants), and move
   * back when the merge is undone.
   */
  public interface MergeStep {
    /** Moves the rows; returns what moved, kept with the merge and handed to {@link #unmerged}. */
    Future<JsonObject> merged(SqlConnection connection, UUID merged, UUID survivor);

    Future<Void> unmerged(SqlConnection connection, JsonObject moved, UUID restored);

    /** A step of two functions, e.g. another module's static methods. */
    static MergeStep of(Merged merged, Unmerged unmerged) {
      return new MergeStep() {
        @Override
        public Future<JsonObject> merged(SqlConnection connection, UUID mergedId, UUID survivor) {
          return merged.apply(connection, mergedId, survivor);
        }

        @Override
        public Future<Void> unmerged(SqlConnection connection, JsonObject moved, UUID restored) {
          return unmerged.apply(connection, moved, restored);
        }
      };
    }

    @FunctionalInterface
    interface Merged {
      Future<JsonObject> apply(SqlConnection connection, UUID merged, UUID survivor);
    }

    @FunctionalInterface
    interface Unmerged {
      Future<Void> apply(SqlConnection connection, JsonObject moved, UUID restored);
    }
  }

  /** For a schema with nothing of its own held against people. */
  public static final MergeStep NOTHING_ELSE = MergeStep.of(
      (connection, merged, survivor) -> Future.succeededFuture(new JsonObject()),
      (connection, moved, restored) -> Future.succeededFuture());

  private final Pool pool;
  private final PassportWrites writes;
  private final MergeStep onMerge;

  public PgPersonStore(Pool pool, AttainmentFunction attainment) {
    this(pool, attainment, NOTHING_ELSE);
  }

  public PgPersonStore(Pool pool, AttainmentFunction attainment, MergeStep onMerge) {
    this.pool = pool;
    this.writes = new PassportWrites(attainment);
    this.onMerge = onMerge;
  }

  @Override
  public Future<Optional<LinkResult>> link(UUID personId, String identifierKey, UUID organisationId, Joiner joiner,
      IndexEvents events) {
    return pool.withTransaction(connection -> connection.preparedQuery(LOCK_IDENTITIES).execute(Tuple.of(IDENTITY_LOCK))
        .compose(locked -> linkWithin(connection, personId, identifierKey, organisationId, joiner, events)));
  }

  /** Linking, on a connection that holds the identity lock. */
  private Future<Optional<LinkResult>> linkWithin(SqlConnection connection, UUID personId, String identifierKey,
      UUID organisationId, Joiner joiner, IndexEvents events) {
    return connection.preparedQuery(RESOLVE_PERSON).execute(Tuple.of(personId)).compose(resolved -> {
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
              .compose(v -> writeIdentityEvents(connection, survivor, null, events.identity()))
              .map(v -> Optional.of(new LinkResult(survivor, Optional.empty(), true, List.of())));
        }
        UUID mergeId = UUID.randomUUID();
        return logged.compose(v -> connection.preparedQuery(RECORD_MERGE)
                .execute(Tuple.of(mergeId, survivor, previous, joiner.code(), organisationId)))
            .compose(recorded -> {
              Row row = recorded.iterator().next();
              MergeChange merge = new MergeChange(mergeId, survivor, previous, joiner, organisationId,
                  List.of(row.getArrayOfStrings("identifier_keys")), PassportWrites.instant(row, "merged_at"), false);
              return merge(connection, mergeId, previous, survivor)
                  .compose(changes -> writes.writeEvents(connection, changes, events.passport())
                      .compose(v -> writeIdentityEvents(connection, survivor, previous, events.identity()))
                      .compose(v -> writes.outbox().append(connection, List.of(events.merge().apply(merge))))
                      .map(v -> Optional.of(new LinkResult(survivor, Optional.of(previous), true, changes))));
            });
      });
    });
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
      return writes.outbox().append(connection, messages);
    });
  }

  private Future<List<PassportChange>> merge(SqlConnection connection, UUID mergeId, UUID merged, UUID survivor) {
    return connection.preparedQuery(MERGE_IDENTIFIERS).execute(Tuple.of(merged, survivor))
        .compose(v -> connection.preparedQuery(MERGE_LEARNING).execute(Tuple.of(merged, survivor)))
        .compose(v -> connection.preparedQuery(MERGE_EVIDENCE).execute(Tuple.of(merged, survivor)))
        .compose(moved -> connection.preparedQuery(PassportWrites.REFRESH_HOLDING).execute(PassportWrites.one(new UUID[] {merged, survivor}))
            .map(moved))
        .compose(moved -> connection.preparedQuery(RETIRE_MERGED).execute(Tuple.of(merged, survivor)).map(moved))
        .compose(moved -> onMerge.merged(connection, merged, survivor)
            .compose(consent -> connection.preparedQuery(RECORD_MERGE_CONSENT).execute(Tuple.of(mergeId, consent)))
            .map(moved))
        .compose(moved -> {
          if (moved.size() == 0) {
            return Future.succeededFuture(List.<PassportChange>of());
          }
          List<EvidenceChange> changes = new ArrayList<>();
          for (Row row : moved) {
            changes.add(gained(row));
          }
          return PassportWrites.stateOf(connection, List.of(survivor), PassportWrites.NO_IDS).compose(state -> writes.finish(connection,
              List.of(new PollBatch.Draft(survivor, changes, List.of(), null)), state));
        });
  }

  /** A piece of evidence a person gained by moving from another (a merge, or a merge undone). */
  private static EvidenceChange gained(Row row) {
    Credit credit = new Credit(row.getString("competency_number"),
        Stage.fromCode(row.getString("stage")).orElseThrow(), row.getString("rule_id"),
        row.getInteger("rule_version"), row.getString("evidence_kind"), PassportWrites.instant(row, "achieved_at"),
        row.getString("basis"), row.getDouble("confidence"), PassportWrites.instant(row, "valid_from"),
        PassportWrites.instant(row, "valid_until"));
    return new EvidenceChange(credit.competencyNumber(), credit.stage().code(),
        row.getUUID("statement_id"), row.getUUID("lrs_statement_id"), true, true, credit);
  }

  // ---------------------------------------------------------------- undoing a merge

  @Override
  public Future<Optional<UnmergeResult>> unmerge(UUID survivorId, UUID mergedId, IndexEvents events) {
    return pool.withTransaction(connection -> connection.preparedQuery(LOCK_IDENTITIES).execute(Tuple.of(IDENTITY_LOCK))
        .compose(locked -> connection.preparedQuery(FIND_OPEN_MERGE).execute(Tuple.of(survivorId, mergedId)))
        .compose(found -> found.size() == 0 ? Future.succeededFuture(Optional.<UnmergeResult>empty())
            : undo(connection, found.iterator().next(), mergedId, events).map(Optional::of)));
  }

  private Future<UnmergeResult> undo(SqlConnection connection, Row merge, UUID restored, IndexEvents events) {
    UUID mergeId = merge.getUUID("id");
    UUID survivor = merge.getUUID("survivor_id");
    String[] keys = merge.getArrayOfStrings("identifier_keys");
    return connection.preparedQuery(UNDO_MERGE)
        .execute(Tuple.of(mergeId, restored, keys, survivor, merge.getLong("merged_passport_version")))
        .compose(back -> {
          List<String> returned = new ArrayList<>();
          back.forEach(row -> returned.add(row.getString("identifier_key")));
          return connection.preparedQuery(SPLIT_LEARNING).execute(Tuple.of(survivor, restored, keys))
              .compose(v -> connection.preparedQuery(SPLIT_EVIDENCE).execute(Tuple.of(survivor, restored, keys)))
              .compose(split -> connection.preparedQuery(PassportWrites.REFRESH_HOLDING)
                  .execute(PassportWrites.one(new UUID[] {restored, survivor})).map(split))
              .compose(split -> onMerge.unmerged(connection, (JsonObject) merge.getValue("moved_consent"), restored)
                  .map(split))
              .compose(split -> splitChanges(connection, survivor, restored, split)
                  .compose(changes -> writes.writeEvents(connection, changes, events.passport())
                      .compose(v -> writeIdentityEvents(connection, restored, null, events.identity()))
                      .compose(v -> writeIdentityEvents(connection, survivor, null, events.identity()))
                      .compose(v -> writes.outbox().append(connection, List.of(events.merge().apply(new MergeChange(
                          mergeId, survivor, restored, null, null, returned, Instant.now(), true)))))
                      .map(v -> new UnmergeResult(survivor, restored, returned, split.size(), changes))));
        });
  }

  /**
   * The restored person gained what moved; the survivor lost it, and still holds a competency x stage when other
   * evidence of it stayed. Both people's attainment is brought up to date.
   */
  private Future<List<PassportChange>> splitChanges(SqlConnection connection, UUID survivor, UUID restored,
      RowSet<Row> moved) {
    if (moved.size() == 0) {
      return Future.succeededFuture(List.of());
    }
    return PassportWrites.stateOf(connection, List.of(survivor, restored), PassportWrites.NO_IDS).compose(state -> {
      List<EvidenceChange> gained = new ArrayList<>();
      List<EvidenceChange> lost = new ArrayList<>();
      List<PollBatch.Held> left = state.evidence().getOrDefault(survivor, List.of());
      for (Row row : moved) {
        EvidenceChange change = gained(row);
        gained.add(change);
        boolean stillHeld = left.stream().anyMatch(h -> h.sameAs(change.competencyNumber(), change.stage()));
        lost.add(new EvidenceChange(change.competencyNumber(), change.stage(), change.statementKey(),
            change.statementId(), false, stillHeld, null));
      }
      return writes.finish(connection, List.of(new PollBatch.Draft(survivor, lost, List.of(), null),
          new PollBatch.Draft(restored, gained, List.of(), null)), state);
    });
  }

  @Override
  public Future<List<MergeRecord>> merges(UUID personId) {
    return pool.preparedQuery(SELECT_MERGES).execute(Tuple.of(personId)).map(rows -> {
      List<MergeRecord> merges = new ArrayList<>();
      for (Row row : rows) {
        merges.add(new MergeRecord(row.getUUID("id"), row.getUUID("survivor_id"), row.getUUID("merged_id"),
            joiner(row.getString("merged_by")), PassportWrites.instant(row, "merged_at"),
            PassportWrites.instant(row, "undone_at")));
      }
      return merges;
    });
  }

  private static Joiner joiner(String code) {
    for (Joiner joiner : Joiner.values()) {
      if (joiner.code().equals(code)) {
        return joiner;
      }
    }
    throw new IllegalStateException("unknown joiner " + code);
  }

  // ---------------------------------------------------------------- claim codes

  @Override
  public Future<UUID> addClaimCode(String codeHash, String identifierKey, UUID organisationId, Instant expiresAt) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery(INSERT_CLAIM_CODE)
        .execute(Tuple.of(id, codeHash, identifierKey, organisationId, PassportWrites.utc(expiresAt))).map(id);
  }

  @Override
  public Future<Optional<LinkResult>> redeemClaimCode(UUID personId, String codeHash, IndexEvents events) {
    return pool.withTransaction(connection -> connection.preparedQuery(LOCK_IDENTITIES).execute(Tuple.of(IDENTITY_LOCK))
        .compose(locked -> connection.preparedQuery(REDEEM_CLAIM_CODE).execute(Tuple.of(codeHash, personId)))
        .compose(spent -> {
          if (spent.size() == 0) {
            return Future.succeededFuture(Optional.<LinkResult>empty());
          }
          Row code = spent.iterator().next();
          return linkWithin(connection, personId, code.getString("identifier_key"), code.getUUID("organisation_id"),
              Joiner.PERSON, events);
        }));
  }

  @Override
  public Future<UUID> ensure(String identifierKey, UUID newPersonId,
      Function<IdentityChange, OutboxMessage> identityEventFor) {
    return pool.withTransaction(connection -> connection.preparedQuery(LOCK_IDENTITIES).execute(Tuple.of(IDENTITY_LOCK))
        .compose(locked -> connection.preparedQuery(FIND_PERSON).execute(Tuple.of(identifierKey)))
        .compose(owner -> owner.size() > 0 ? Future.succeededFuture(owner.iterator().next().getUUID("person_id"))
            : connection.preparedQuery(ENSURE_PERSON).execute(Tuple.of(newPersonId))
                .compose(v -> connection.preparedQuery(UPSERT_IDENTIFIER).execute(Tuple.of(identifierKey, newPersonId)))
                .compose(v -> writeIdentityEvents(connection, newPersonId, null, identityEventFor))
                .map(newPersonId)));
  }

  @Override
  public Future<Optional<UUID>> personFor(String identifierKey) {
    return pool.preparedQuery(FIND_PERSON).execute(Tuple.of(identifierKey))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("person_id")));
  }
}
