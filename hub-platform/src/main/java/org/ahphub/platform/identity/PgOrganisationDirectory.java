package org.ahphub.platform.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ahphub.platform.db.SqlResources;

/** {@link OrganisationDirectory} on the {@code identity} schema. Hashing runs on a worker thread. */
public final class PgOrganisationDirectory implements OrganisationDirectory {

  private static final String INSERT_ORGANISATION = SqlResources.load("sql/identity/insert-organisation.sql");
  private static final String SELECT_ORGANISATIONS = SqlResources.load("sql/identity/select-organisations.sql");
  private static final String SELECT_ORGANISATION = SqlResources.load("sql/identity/select-organisation.sql");
  private static final String INSERT_CREDENTIAL = SqlResources.load("sql/identity/insert-organisation-credential.sql");
  private static final String SELECT_CREDENTIALS = SqlResources.load("sql/identity/select-credentials-of-organisation.sql");
  private static final String ROTATE = SqlResources.load("sql/identity/rotate-credential.sql");
  private static final String REVOKE = SqlResources.load("sql/identity/revoke-credential.sql");

  private final Vertx vertx;
  private final Pool pool;

  public PgOrganisationDirectory(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  @Override
  public Future<Optional<Organisation>> create(String name, String homePage, String kind) {
    return pool.preparedQuery(INSERT_ORGANISATION).execute(Tuple.of(UUID.randomUUID(), name, homePage, kind))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(organisation(rows.iterator().next())));
  }

  @Override
  public Future<List<Organisation>> organisations() {
    return pool.query(SELECT_ORGANISATIONS).execute().map(rows -> {
      List<Organisation> all = new ArrayList<>();
      rows.forEach(row -> all.add(organisation(row)));
      return all;
    });
  }

  @Override
  public Future<Optional<Organisation>> organisation(UUID id) {
    return pool.preparedQuery(SELECT_ORGANISATION).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(organisation(rows.iterator().next())));
  }

  @Override
  public Future<IssuedCredential> issueCredential(UUID organisationId, Set<String> scopes) {
    String key = "k_" + Secrets.generate().substring(0, 16);
    String secret = Secrets.generate();
    return vertx.executeBlocking(() -> Secrets.hash(secret))
        .compose(hash -> pool.preparedQuery(INSERT_CREDENTIAL)
            .execute(Tuple.of(key, organisationId, hash, scopes.toArray(String[]::new))))
        .map(rows -> new IssuedCredential(key, secret, organisationId, Set.copyOf(scopes)));
  }

  @Override
  public Future<List<CredentialInfo>> credentials(UUID organisationId) {
    return pool.preparedQuery(SELECT_CREDENTIALS).execute(Tuple.of(organisationId)).map(rows -> {
      List<CredentialInfo> all = new ArrayList<>();
      for (Row row : rows) {
        all.add(new CredentialInfo(row.getString("key"), row.getUUID("organisation_id"),
            Set.of(row.getArrayOfStrings("scopes")), instant(row, "created_at"), instant(row, "rotated_at"),
            instant(row, "revoked_at")));
      }
      return all;
    });
  }

  @Override
  public Future<Optional<IssuedCredential>> rotate(String key) {
    String secret = Secrets.generate();
    return vertx.executeBlocking(() -> Secrets.hash(secret))
        .compose(hash -> pool.preparedQuery(ROTATE).execute(Tuple.of(key, hash)))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new IssuedCredential(key, secret, row.getUUID("organisation_id"),
              Set.of(row.getArrayOfStrings("scopes"))));
        });
  }

  @Override
  public Future<Boolean> revoke(String key) {
    return pool.preparedQuery(REVOKE).execute(Tuple.of(key)).map(rows -> rows.size() == 1);
  }

  private static Organisation organisation(Row row) {
    return new Organisation(row.getUUID("id"), row.getString("name"), row.getString("home_page"),
        row.getString("kind"), instant(row, "created_at"));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
