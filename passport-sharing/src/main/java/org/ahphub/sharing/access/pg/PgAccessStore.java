package org.ahphub.sharing.access.pg;

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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.sharing.access.AccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AccessStore} on PostgreSQL, schema {@code mapper}. */
public final class PgAccessStore implements AccessStore {

  private static final String HAS_ACCESS = SqlResources.load("sql/sharing/access/has-access.sql");
  private static final String INSERT_RELATIONSHIP = SqlResources.load("sql/sharing/access/insert-relationship.sql");
  private static final String END_RELATIONSHIP = SqlResources.load("sql/sharing/access/end-relationship.sql");
  private static final String DECIDE_RELATIONSHIP = SqlResources.load("sql/sharing/access/decide-relationship.sql");
  private static final String END_RELATIONSHIP_BY_PERSON =
      SqlResources.load("sql/sharing/access/end-relationship-by-person.sql");
  private static final String INSERT_SHARE_CODE = SqlResources.load("sql/sharing/access/insert-share-code.sql");
  private static final String REDEEM_SHARE_CODE = SqlResources.load("sql/sharing/access/redeem-share-code.sql");
  private static final String SELECT_SHARE_CODES = SqlResources.load("sql/sharing/access/select-share-codes.sql");
  private static final String REVOKE_SHARE_CODE = SqlResources.load("sql/sharing/access/revoke-share-code.sql");
  private static final String SELECT_RELATIONSHIPS = SqlResources.load("sql/sharing/access/select-relationships.sql");
  private static final String SELECT_RELATIONSHIPS_OF_PERSON =
      SqlResources.load("sql/sharing/access/select-relationships-of-person.sql");
  private static final String SELECT_IDENTIFIERS = SqlResources.load("sql/sharing/access/select-identifiers-of-person.sql");
  private static final String INSERT_GRANT = SqlResources.load("sql/sharing/access/insert-grant.sql");
  private static final String REVOKE_GRANT = SqlResources.load("sql/sharing/access/revoke-grant.sql");
  private static final String SELECT_GRANTS = SqlResources.load("sql/sharing/access/select-grants.sql");
  private static final String INSERT_TOKEN = SqlResources.load("sql/sharing/access/insert-learner-token.sql");
  private static final String FIND_TOKEN = SqlResources.load("sql/sharing/access/find-learner-token.sql");
  private static final String INSERT_AUDIT = SqlResources.load("sql/sharing/access/insert-audit.sql");
  private static final String SELECT_AUDIT = SqlResources.load("sql/sharing/access/select-audit.sql");
  private static final String MOVE_TO_SURVIVOR = SqlResources.load("sql/sharing/access/move-to-survivor.sql");
  private static final String MOVE_BACK = SqlResources.load("sql/sharing/access/move-back-from-survivor.sql");
  private static final Logger LOG = LoggerFactory.getLogger(PgAccessStore.class);

  private final Pool pool;

  public PgAccessStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Boolean> hasAccess(UUID personId, UUID organisationId, String purpose) {
    return pool.preparedQuery(HAS_ACCESS).execute(Tuple.of(personId, organisationId, purpose))
        .map(rows -> rows.iterator().next().getBoolean("allowed"));
  }

  @Override
  public Future<Relationship> addRelationship(Relationship r) {
    return pool.preparedQuery(INSERT_RELATIONSHIP)
        .execute(Tuple.wrap(new Object[] {r.id(), r.organisationId(), r.personId(), r.identifierKey(), r.kind(),
            utc(r.startsAt()), utc(r.endsAt())}))
        .map(rows -> relationship(rows.iterator().next()));
  }

  @Override
  public Future<Optional<Relationship>> endRelationship(UUID id, UUID organisationId, Instant endsAt) {
    return pool.preparedQuery(END_RELATIONSHIP).execute(Tuple.of(id, organisationId, utc(endsAt)))
        .map(rows -> first(rows, PgAccessStore::relationship));
  }

  @Override
  public Future<Optional<Relationship>> decideRelationship(UUID id, UUID personId, boolean accept) {
    return pool.preparedQuery(DECIDE_RELATIONSHIP).execute(Tuple.of(id, personId, accept ? "accepted" : "declined"))
        .map(rows -> first(rows, PgAccessStore::relationship));
  }

  @Override
  public Future<Optional<Relationship>> endRelationshipByPerson(UUID id, UUID personId) {
    return pool.preparedQuery(END_RELATIONSHIP_BY_PERSON).execute(Tuple.of(id, personId))
        .map(rows -> first(rows, PgAccessStore::relationship));
  }

  @Override
  public Future<List<Relationship>> relationships(UUID organisationId) {
    return pool.preparedQuery(SELECT_RELATIONSHIPS).execute(Tuple.of(organisationId))
        .map(rows -> all(rows, PgAccessStore::relationship));
  }

  @Override
  public Future<List<Relationship>> relationshipsOf(UUID personId) {
    return pool.preparedQuery(SELECT_RELATIONSHIPS_OF_PERSON).execute(Tuple.of(personId))
        .map(rows -> all(rows, PgAccessStore::relationship));
  }

  @Override
  public Future<List<String>> identifiersOf(UUID personId) {
    return pool.preparedQuery(SELECT_IDENTIFIERS).execute(Tuple.of(personId))
        .map(rows -> all(rows, row -> row.getString("identifier_key")));
  }

  @Override
  public Future<Grant> addGrant(UUID personId, UUID organisationId, Instant expiresAt, Set<String> scopes) {
    return pool.preparedQuery(INSERT_GRANT).execute(Tuple.of(UUID.randomUUID(), personId, organisationId, utc(expiresAt),
            scopes.stream().sorted().toArray(String[]::new)))
        .map(rows -> grant(rows.iterator().next()));
  }

  @Override
  public Future<Optional<Grant>> revokeGrant(UUID id, UUID personId) {
    return pool.preparedQuery(REVOKE_GRANT).execute(Tuple.of(id, personId)).map(rows -> first(rows, PgAccessStore::grant));
  }

  @Override
  public Future<List<Grant>> grants(UUID personId) {
    return pool.preparedQuery(SELECT_GRANTS).execute(Tuple.of(personId)).map(rows -> all(rows, PgAccessStore::grant));
  }

  @Override
  public Future<ShareCode> addShareCode(String codeHash, UUID personId, Set<String> scopes, int grantDays,
      Instant expiresAt) {
    return pool.preparedQuery(INSERT_SHARE_CODE).execute(Tuple.of(UUID.randomUUID(), codeHash, personId,
            scopes.stream().sorted().toArray(String[]::new), grantDays, utc(expiresAt)))
        .map(rows -> shareCode(rows.iterator().next()));
  }

  @Override
  public Future<Optional<Grant>> redeemShareCode(String codeHash, UUID organisationId) {
    return pool.preparedQuery(REDEEM_SHARE_CODE).execute(Tuple.of(codeHash, organisationId, UUID.randomUUID()))
        .map(rows -> first(rows, PgAccessStore::grant));
  }

  @Override
  public Future<List<ShareCode>> shareCodes(UUID personId) {
    return pool.preparedQuery(SELECT_SHARE_CODES).execute(Tuple.of(personId))
        .map(rows -> all(rows, PgAccessStore::shareCode));
  }

  @Override
  public Future<Optional<ShareCode>> revokeShareCode(UUID id, UUID personId) {
    return pool.preparedQuery(REVOKE_SHARE_CODE).execute(Tuple.of(id, personId))
        .map(rows -> first(rows, PgAccessStore::shareCode));
  }

  @Override
  public Future<Void> addLearnerToken(String tokenHash, UUID personId, Instant expiresAt) {
    return pool.preparedQuery(INSERT_TOKEN).execute(Tuple.of(tokenHash, personId, utc(expiresAt))).mapEmpty();
  }

  @Override
  public Future<Optional<UUID>> personForToken(String tokenHash) {
    return pool.preparedQuery(FIND_TOKEN).execute(Tuple.of(tokenHash))
        .map(rows -> first(rows, row -> row.getUUID("person_id")));
  }

  @Override
  public Future<Void> audit(UUID personId, UUID organisationId, String organisation, String action, JsonObject detail) {
    return pool.preparedQuery(INSERT_AUDIT).execute(Tuple.of(personId, organisationId, organisation, action, detail))
        .mapEmpty();
  }

  @Override
  public Future<List<AuditEntry>> auditOf(UUID personId, long afterSeq, int limit) {
    return pool.preparedQuery(SELECT_AUDIT).execute(Tuple.of(personId, afterSeq, limit))
        .map(rows -> all(rows, row -> new AuditEntry(row.getLong("seq"), row.getUUID("organisation_id"),
            row.getString("organisation"), row.getString("action"), (JsonObject) row.getValue("detail"),
            instant(row, "at"))));
  }

  /**
   * When person {@code merged} is merged into {@code survivor}: the relationships, grants and share codes held
   * against {@code merged} move to {@code survivor}, on the merge's connection so they move in its transaction.
   *
   * @return the ids moved ({@code relationships}, {@code grants}, {@code shareCodes}), for {@link #moveBack}
   */
  public static Future<JsonObject> moveToSurvivor(SqlConnection connection, UUID merged, UUID survivor) {
    return connection.preparedQuery(MOVE_TO_SURVIVOR).execute(Tuple.of(merged, survivor)).map(rows -> {
      Row row = rows.iterator().next();
      JsonObject moved = new JsonObject()
          .put("relationships", ids(row.getArrayOfUUIDs("relationships")))
          .put("grants", ids(row.getArrayOfUUIDs("grants")))
          .put("shareCodes", ids(row.getArrayOfUUIDs("share_codes")));
      LOG.info("person {} merged into {}: {} relationships and {} grants moved", merged, survivor,
          moved.getJsonArray("relationships").size(), moved.getJsonArray("grants").size());
      return moved;
    });
  }

  /** A merge undone: what {@link #moveToSurvivor} moved belongs to the restored person again. */
  public static Future<Void> moveBack(SqlConnection connection, JsonObject moved, UUID restored) {
    return connection.preparedQuery(MOVE_BACK).execute(Tuple.of(restored, uuids(moved, "relationships"),
        uuids(moved, "grants"), uuids(moved, "shareCodes"))).map(rows -> {
          Row row = rows.iterator().next();
          LOG.info("merge undone for person {}: {} relationships and {} grants moved back", restored,
              row.getLong("relationships"), row.getLong("grants"));
          return null;
        });
  }

  private static JsonArray ids(UUID[] ids) {
    JsonArray array = new JsonArray();
    for (UUID id : ids) {
      array.add(id.toString());
    }
    return array;
  }

  private static UUID[] uuids(JsonObject moved, String field) {
    JsonArray ids = moved.getJsonArray(field, new JsonArray());
    UUID[] result = new UUID[ids.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = UUID.fromString(ids.getString(i));
    }
    return result;
  }

  private static Relationship relationship(Row row) {
    return new Relationship(row.getUUID("id"), row.getUUID("organisation_id"), row.getUUID("person_id"),
        row.getString("identifier_key"), row.getString("kind"), instant(row, "starts_at"), instant(row, "ends_at"),
        instant(row, "created_at"), row.getString("status"), instant(row, "decided_at"));
  }

  private static Grant grant(Row row) {
    return new Grant(row.getUUID("id"), row.getUUID("person_id"), row.getUUID("organisation_id"),
        instant(row, "expires_at"), instant(row, "revoked_at"), instant(row, "created_at"), scopes(row));
  }

  private static ShareCode shareCode(Row row) {
    return new ShareCode(row.getUUID("id"), row.getUUID("person_id"), scopes(row), row.getInteger("grant_days"),
        instant(row, "expires_at"), row.getUUID("redeemed_by"), instant(row, "redeemed_at"),
        instant(row, "revoked_at"), instant(row, "created_at"));
  }

  private static Set<String> scopes(Row row) {
    return Set.of(row.getArrayOfStrings("scopes"));
  }

  private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(mapper.apply(rows.iterator().next()));
  }

  private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> list = new ArrayList<>();
    rows.forEach(row -> list.add(mapper.apply(row)));
    return list;
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
