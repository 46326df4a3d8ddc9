package org.ahphub.lrs.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * State, Activity Profile and Agent Profile documents, each in the store of the organisation that wrote
 * it: every method names the organisation, and one organisation's documents are invisible to another's
 * (the same key in two organisations is two documents).
 */
public interface DocumentStore {

  /** Which document: its kind and identifying parameters ('' where a kind has none). */
  record DocumentKey(Kind kind, String activityId, String agentKey, String registration, String documentId) {
    public DocumentKey withDocumentId(String id) {
      return new DocumentKey(kind, activityId, agentKey, registration, id);
    }
  }

  enum Kind {
    STATE("state"), ACTIVITY_PROFILE("activity_profile"), AGENT_PROFILE("agent_profile");

    private final String column;

    Kind(String column) {
      this.column = column;
    }

    public String column() {
      return column;
    }
  }

  record Document(Buffer content, String contentType, String etag, Instant updated) {}

  Future<Optional<Document>> find(UUID organisation, DocumentKey key);

  /** The document ids under {@code key} (its documentId ignored), updated after {@code since} if given. */
  Future<List<String>> ids(UUID organisation, DocumentKey key, Instant since);

  /**
   * Reads the document, lets {@code change} decide what becomes of it (a document to write, or empty
   * to delete it) and applies that, in one transaction in which no other writer can change or create
   * the document: a precondition {@code change} checks still holds when the write lands. A failed
   * future from {@code change} writes nothing and is returned as is.
   */
  Future<Void> update(UUID organisation, DocumentKey key,
      Function<Optional<Document>, Future<Optional<Document>>> change);

  /** Deletes every document under {@code key} (its documentId ignored). */
  Future<Void> deleteAll(UUID organisation, DocumentKey key);
}
