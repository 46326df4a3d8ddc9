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
import java.util.UUID;
import org.ahphub.mapper.credentials.IssuedCredentialStore;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.SqlResources;

/** {@link IssuedCredentialStore} on PostgreSQL; private keys sealed with a {@link SecretBox}. */
public final class PgIssuedCredentialStore implements IssuedCredentialStore {

  private static final String SELECT_KEYS = sql("select-keys");
  private static final String INSERT_KEY = sql("insert-key");
  private static final String RETIRE_KEYS = sql("retire-keys");
  private static final String ENSURE_ISSUED = sql("ensure-issued");
  private static final String REVOKE_FOR = sql("revoke-for-competency");
  private static final String REVOKE_BY_ID = sql("revoke-by-id");
  private static final String REVOKED_INDEXES = sql("select-revoked-indexes");

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
  public Future<Issued> ensureIssued(UUID personId, String competency, String stage, Instant validFrom) {
    Tuple args = Tuple.of(UUID.randomUUID(), personId, competency, stage, validFrom.atOffset(ZoneOffset.UTC));
    return pool.preparedQuery(ENSURE_ISSUED).execute(args)
        // A concurrent first issue may hide both rows from this statement's snapshot: ask once more.
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows) : pool.preparedQuery(ENSURE_ISSUED).execute(args))
        .map(PgIssuedCredentialStore::issued);
  }

  private static Issued issued(RowSet<Row> rows) {
    Row row = rows.iterator().next();
    return new Issued(row.getUUID("id"), row.getInteger("status_index"), row.getOffsetDateTime("valid_from").toInstant(),
        row.getOffsetDateTime("issued_at").toInstant());
  }

  @Override
  public Future<Integer> revokeFor(UUID personId, String competency, String stage, String reason) {
    return pool.preparedQuery(REVOKE_FOR).execute(Tuple.of(personId, competency, stage, reason)).map(RowSet::rowCount);
  }

  @Override
  public Future<Boolean> revoke(UUID credentialId, String reason) {
    return pool.preparedQuery(REVOKE_BY_ID).execute(Tuple.of(credentialId, reason)).map(rows -> rows.size() == 1);
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
