package org.ahphub.mapper.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
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
  private final PassportWrites writes;
  private final MergeStep onMerge;

  public PgPersonStore(Pool pool, AttainmentFunction attainment) {
    this(pool, attainment, (connection, merged, survivor) -> Future.succeededFuture());
  }

  public PgPersonStore(Pool pool, AttainmentFunction attainment, MergeStep onMerge) {
    this.pool = pool;
    this.writes = new PassportWrites(attainment);
    this.onMerge = onMerge;
  }

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
                .compose(changes -> writes.writeEvents(connection, changes, eventsFor)
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
      return writes.outbox().append(connection, messages);
    });
  }

  private Future<List<PassportChange>> merge(SqlConnection connection, UUID merged, UUID survivor) {
    return connection.preparedQuery(MERGE_IDENTIFIERS).execute(Tuple.of(merged, survivor))
        .compose(v -> connection.preparedQuery(MERGE_EVIDENCE).execute(Tuple.of(merged, survivor)))
        .compose(moved -> connection.preparedQuery(PassportWrites.REFRESH_HOLDING).execute(PassportWrites.one(new UUID[] {merged, survivor}))
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
                row.getInteger("rule_version"), row.getString("evidence_kind"), PassportWrites.instant(row, "achieved_at"),
                row.getString("basis"), row.getDouble("confidence"), PassportWrites.instant(row, "valid_from"),
                PassportWrites.instant(row, "valid_until"));
            changes.add(new EvidenceChange(credit.competencyNumber(), credit.stage().code(),
                row.getUUID("statement_id"), row.getUUID("lrs_statement_id"), true, true, credit));
          }
          return PassportWrites.stateOf(connection, List.of(survivor), PassportWrites.NO_IDS).compose(state -> writes.finish(connection,
              List.of(new PollBatch.Draft(survivor, changes, List.of(), null)), state));
        });
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
