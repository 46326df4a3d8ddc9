package org.ahphub.platform.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ahphub.platform.db.SqlResources;

/** Credentials in the {@code identity} schema. Hashing runs on a worker: it is slow on purpose. */
public final class PgCredentialStore implements CredentialStore {

  private static final String FIND = SqlResources.load("sql/identity/find-credential.sql");
  private static final String UPSERT_ORGANISATION = SqlResources.load("sql/identity/upsert-organisation.sql");
  private static final String INSERT_CREDENTIAL = SqlResources.load("sql/identity/insert-credential.sql");

  private final Vertx vertx;
  private final Pool pool;

  public PgCredentialStore(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  @Override
  public Future<Optional<StoredCredential>> find(String key) {
    if (Secrets.unusable(key, Integer.MAX_VALUE) != null) {
      // No stored key has a control character, and PostgreSQL refuses NUL in text: nothing to look up.
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(FIND).execute(Tuple.of(key))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toCredential(rows.iterator().next())));
  }

  /**
   * Makes {@code key:secret} a working credential of the organisation: created if new; if the key is the
   * organisation's and unrevoked but its secret is another, the secret is replaced (the old one stops
   * working). A key of another organisation, or a revoked one, is left as it is.
   */
  @Override
  public Future<UUID> ensure(String organisationName, String homePage, String key, String secret, Set<String> scopes) {
    String problem = Secrets.unusable(key, Integer.MAX_VALUE) != null ? "key" : Secrets.unusable(secret, Integer.MAX_VALUE) != null ? "secret" : null;
    if (problem != null) {
      return Future.failedFuture(new IllegalArgumentException("the credential's " + problem + " contains a control character"));
    }
    UUID candidate = UUID.nameUUIDFromBytes(("organisation:" + organisationName).getBytes(StandardCharsets.UTF_8));
    return find(key).compose(found -> {
      if (found.isPresent() && found.get().principal().organisationName().equals(organisationName)) {
        String stored = found.get().secretHash();
        return vertx.executeBlocking(() -> Secrets.matches(secret, stored) ? null : Secrets.hash(secret));
      }
      return vertx.executeBlocking(() -> Secrets.hash(secret));
    }).compose(hash -> pool.withTransaction(connection -> connection.preparedQuery(UPSERT_ORGANISATION)
        .execute(Tuple.of(candidate, organisationName, homePage))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(organisationId -> hash == null
            ? Future.succeededFuture(organisationId)
            : connection.preparedQuery(INSERT_CREDENTIAL)
                .execute(Tuple.of(key, organisationId, hash, scopes.toArray(String[]::new)))
                .map(inserted -> organisationId))));
  }

  private static StoredCredential toCredential(Row row) {
    Principal principal = new Principal(
        row.getString("key"),
        row.getUUID("organisation_id"),
        row.getString("organisation_name"),
        row.getString("home_page"),
        Set.of(row.getArrayOfStrings("scopes")));
    return new StoredCredential(row.getString("key"), row.getString("secret_hash"), principal);
  }
}
