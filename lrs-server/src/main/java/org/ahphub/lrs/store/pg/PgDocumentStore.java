package org.ahphub.lrs.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.lrs.store.DocumentStore;
import org.ahphub.platform.db.SqlResources;

/**
 * {@link DocumentStore} on PostgreSQL: one row per document, content as bytea. A write locks the row
 * ({@code SELECT … FOR UPDATE}) and checks its preconditions in the same transaction.
 */
public final class PgDocumentStore implements DocumentStore {

  private static final String SELECT = SqlResources.load("sql/lrs/select-document.sql");
  private static final String SELECT_FOR_UPDATE = SqlResources.load("sql/lrs/select-document-for-update.sql");
  private static final String INSERT = SqlResources.load("sql/lrs/insert-document.sql");
  private static final String UPDATE = SqlResources.load("sql/lrs/update-document.sql");
  /** A write that lost a race to create the document is retried this often (then the row exists and is locked). */
  private static final int ATTEMPTS = 3;
  private static final String DELETE = SqlResources.load("sql/lrs/delete-document.sql");
  private static final String DELETE_ALL = SqlResources.load("sql/lrs/delete-documents.sql");
  private static final String IDS = SqlResources.load("sql/lrs/select-document-ids.sql");

  private final Pool pool;

  public PgDocumentStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Optional<Document>> find(UUID organisation, DocumentKey key) {
    return pool.preparedQuery(SELECT).execute(keyTuple(organisation, key).addString(key.documentId()))
        .map(PgDocumentStore::document);
  }

  private static Optional<Document> document(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(new Document(row.getBuffer("content"), row.getString("content_type"),
        row.getString("etag"), row.getOffsetDateTime("updated").toInstant()));
  }

  @Override
  public Future<List<String>> ids(UUID organisation, DocumentKey key, Instant since) {
    return pool.preparedQuery(IDS)
        .execute(keyTuple(organisation, key).addValue(since == null ? null : since.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          List<String> ids = new ArrayList<>(rows.size());
          rows.forEach(row -> ids.add(row.getString("document_id")));
          return ids;
        });
  }

  @Override
  public Future<Void> update(UUID organisation, DocumentKey key,
      Function<Optional<Document>, Future<Optional<Document>>> change) {
    return update(organisation, key, change, ATTEMPTS);
  }

  private Future<Void> update(UUID organisation, DocumentKey key,
      Function<Optional<Document>, Future<Optional<Document>>> change, int attempts) {
    return pool.<Void>withTransaction(connection -> connection.preparedQuery(SELECT_FOR_UPDATE)
            .execute(keyTuple(organisation, key).addString(key.documentId()))
            .map(PgDocumentStore::document)
            .compose(existing -> change.apply(existing)
                .compose(next -> write(connection, organisation, key, existing, next))))
        .recover(failure -> failure instanceof CreatedConcurrently && attempts > 1
            ? update(organisation, key, change, attempts - 1)
            : Future.failedFuture(failure));
  }

  private static Future<Void> write(SqlConnection connection, UUID organisation, DocumentKey key,
      Optional<Document> existing, Optional<Document> next) {
    if (next.isEmpty()) {
      return existing.isEmpty() ? Future.succeededFuture()
          : connection.preparedQuery(DELETE).execute(keyTuple(organisation, key).addString(key.documentId()))
              .mapEmpty();
    }
    Document document = next.get();
    Tuple row = keyTuple(organisation, key).addString(key.documentId()).addBuffer(document.content())
        .addString(document.contentType()).addString(document.etag())
        .addValue(document.updated().atOffset(ZoneOffset.UTC));
    if (existing.isPresent()) {
      return connection.preparedQuery(UPDATE).execute(row).mapEmpty();
    }
    return connection.preparedQuery(INSERT).execute(row).compose(rows -> rows.size() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(new CreatedConcurrently()));
  }

  /** Another transaction created the document between our read and our insert. */
  private static final class CreatedConcurrently extends RuntimeException {
    CreatedConcurrently() {
      super("the document was created concurrently", null, false, false);
    }
  }

  @Override
  public Future<Void> deleteAll(UUID organisation, DocumentKey key) {
    return pool.preparedQuery(DELETE_ALL).execute(keyTuple(organisation, key)).mapEmpty();
  }

  private static Tuple keyTuple(UUID organisation, DocumentKey key) {
    return Tuple.of(java.util.Objects.requireNonNull(organisation, "organisation"), key.kind().column(),
        key.activityId(), key.agentKey(), key.registration());
  }
}
