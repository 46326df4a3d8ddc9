package org.ahphub.lrs.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ahphub.lrs.store.DocumentStore;
import org.ahphub.platform.db.SqlResources;

/** {@link DocumentStore} on PostgreSQL: one row per document, content as bytea. */
public final class PgDocumentStore implements DocumentStore {

  private static final String SELECT = SqlResources.load("sql/lrs/select-document.sql");
  private static final String UPSERT = SqlResources.load("sql/lrs/upsert-document.sql");
  private static final String DELETE = SqlResources.load("sql/lrs/delete-document.sql");
  private static final String DELETE_ALL = SqlResources.load("sql/lrs/delete-documents.sql");
  private static final String IDS = SqlResources.load("sql/lrs/select-document-ids.sql");

  private final Pool pool;

  public PgDocumentStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Optional<Document>> find(DocumentKey key) {
    return pool.preparedQuery(SELECT).execute(keyTuple(key).addString(key.documentId()))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new Document(row.getBuffer("content"), row.getString("content_type"),
              row.getString("etag"), row.getOffsetDateTime("updated").toInstant()));
        });
  }

  @Override
  public Future<List<String>> ids(DocumentKey key, Instant since) {
    return pool.preparedQuery(IDS)
        .execute(keyTuple(key).addValue(since == null ? null : since.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          List<String> ids = new ArrayList<>(rows.size());
          rows.forEach(row -> ids.add(row.getString("document_id")));
          return ids;
        });
  }

  @Override
  public Future<Void> save(DocumentKey key, Document document) {
    return pool.preparedQuery(UPSERT).execute(keyTuple(key).addString(key.documentId())
            .addBuffer(document.content()).addString(document.contentType()).addString(document.etag())
            .addValue(document.updated().atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  @Override
  public Future<Void> delete(DocumentKey key) {
    return pool.preparedQuery(DELETE).execute(keyTuple(key).addString(key.documentId())).mapEmpty();
  }

  @Override
  public Future<Void> deleteAll(DocumentKey key) {
    return pool.preparedQuery(DELETE_ALL).execute(keyTuple(key)).mapEmpty();
  }

  private static Tuple keyTuple(DocumentKey key) {
    return Tuple.of(key.kind().column(), key.activityId(), key.agentKey(), key.registration());
  }
}
