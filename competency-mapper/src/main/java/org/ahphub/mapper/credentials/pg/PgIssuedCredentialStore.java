package org.ahphub.mapper.credentials.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.credentials.IssuedCredentialStore;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.outbox.Outbox;
import org.ahphub.platform.outbox.OutboxMessage;

/**
 * {@link IssuedCredentialStore} on PostgreSQL; private keys sealed with a {@link SecretBox}; revocation events go
 * to the mapper's outbox in the revoking transaction.
 */
public final class PgIssuedCredentialStore implements IssuedCredentialStore {

  private static final String SELECT_KEYS = sql("select-keys");
  private static final String INSERT_KEY = sql("insert-key");
  private static final String RETIRE_KEYS = sql("retire-keys");
  private static final String ENSURE_ISSUED = sql("ensure-issued");
  private static final String REVOKE_FOR = sql("revoke-for-competency");
  private static final String REVOKE_BY_ID = sql("revoke-by-id");
  private static final String REVOKED_INDEXES = sql("select-revoked-indexes");
  private static final String STANDING = sql("select-standing-revocations");
  private static final String STATUS = sql("select-status");
  private static final Outbox OUTBOX = new Outbox("mapper");

  private final Pool pool;
  private final SecretBox box;

  public PgIssuedCredentialStore(Pool pool, SecretBox box) {
    this.pool = pool;
    this.box = box;
  }

  private static String sql(String name) {
    return SqlResources.load("sql/mapper/credentials/" + name + ".sql");
  }

  @Override
  public Future<List<StoredKey>> keys() {
    return pool.query(SELECT_KEYS).execute().map(rows -> {
      List<StoredKey> keys = new ArrayList<>();
      for (Row row : rows) {
        OffsetDateTime retired = row.getOffsetDateTime("retired_at");
        keys.add(new StoredKey(row.getString("kid"), box.open(row.getString("private_jwk")), row.getString("public_jwk"),
            retired == null ? null : retired.toInstant()));
      }
      return keys;
    });
  }

  @Override
  public Future<Void> addActiveKey(String kid, String privateJwk, String publicJwk) {
    return pool.withTransaction(connection -> connection.preparedQuery(INSERT_KEY)
        .execute(Tuple.of(kid, box.seal(privateJwk), publicJwk))
        .compose(v -> connection.preparedQuery(RETIRE_KEYS).execute(Tuple.of(kid)))
        .mapEmpty());
  }

  @Override
  public Future<Optional<Issued>> ensureIssued(UUID personId, String competency, String stage, Instant validFrom) {
    Tuple args = Tuple.of(UUID.randomUUID(), personId, competency, stage, validFrom.atOffset(ZoneOffset.UTC));
    return pool.preparedQuery(ENSURE_ISSUED).execute(args)
        // A concurrent first issue may hide both rows from this statement's snapshot: ask once more.
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows) : pool.preparedQuery(ENSURE_ISSUED).execute(args))
        .map(PgIssuedCredentialStore::issued);
  }

  private static Optional<Issued> issued(RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw new IllegalStateException("no credential issued and none live: concurrent issues twice in a row");
    }
    Row row = rows.iterator().next();
    if (row.getBoolean("blocked")) {
      return Optional.empty();
    }
    return Optional.of(new Issued(row.getUUID("id"), row.getInteger("status_index"),
        row.getOffsetDateTime("valid_from").toInstant(), row.getOffsetDateTime("issued_at").toInstant()));
  }

  @Override
  public Future<List<Revoked>> revokeFor(UUID personId, String competency, String stage, String reason,
      Function<List<Revoked>, List<OutboxMessage>> events) {
    return pool.withTransaction(connection -> connection.preparedQuery(REVOKE_FOR)
        .execute(Tuple.of(personId, competency, stage, reason))
        .compose(rows -> {
          List<Revoked> revoked = new ArrayList<>();
          rows.forEach(row -> revoked.add(revoked(row)));
          return OUTBOX.append(connection, events.apply(revoked)).map(revoked);
        }));
  }

  @Override
  public Future<Optional<Revocation>> revoke(UUID credentialId, String reason,
      Function<List<Revoked>, List<OutboxMessage>> events) {
    return pool.withTransaction(connection -> connection.preparedQuery(REVOKE_BY_ID)
        .execute(Tuple.of(credentialId, reason))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<Revocation>empty());
          }
          Row row = rows.iterator().next();
          Revocation revocation = new Revocation(row.getBoolean("changed"), revoked(row));
          return (revocation.changed() ? OUTBOX.append(connection, events.apply(List.of(revocation.credential())))
              : Future.<Void>succeededFuture()).map(Optional.of(revocation));
        }));
  }

  private static Revoked revoked(Row row) {
    return new Revoked(row.getUUID("id"), row.getUUID("person_id"), row.getString("competency_number"),
        row.getString("stage"), row.getInteger("status_index"), row.getOffsetDateTime("revoked_at").toInstant(),
        row.getString("revoked_reason"), row.getString("revoked_by"));
  }

  @Override
  public Future<List<Standing>> standingRevocations(UUID personId) {
    return pool.preparedQuery(STANDING).execute(Tuple.of(personId)).map(rows -> {
      List<Standing> standing = new ArrayList<>();
      rows.forEach(row -> standing.add(new Standing(row.getUUID("id"), row.getString("competency_number"),
          row.getString("stage"), row.getOffsetDateTime("revoked_at").toInstant(), row.getString("revoked_reason"))));
      return standing;
    });
  }

  @Override
  public Future<Optional<Status>> status(int statusIndex) {
    return pool.preparedQuery(STATUS).execute(Tuple.of(statusIndex)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      OffsetDateTime revokedAt = row.getOffsetDateTime("revoked_at");
      return Optional.of(new Status(revokedAt == null ? null : revokedAt.toInstant(), row.getString("revoked_reason"),
          row.getString("revoked_by")));
    });
  }

  @Override
  public Future<BitSet> revokedIndexes() {
    return pool.query(REVOKED_INDEXES).execute().map(rows -> {
      BitSet set = new BitSet();
      rows.forEach(row -> set.set(row.getInteger("status_index")));
      return set;
    });
  }
}
