package org.ahphub.lrs.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.lrs.store.AttachmentContent;
import org.ahphub.lrs.store.StatementQuery;
import org.ahphub.lrs.store.StatementRecord;

/** Statement storage. Implementations write a batch, its index rows and its outbox events atomically. */
public interface StatementStore {

  /**
   * Stores the statements whose ids are new, in one transaction with their index rows, voiding
   * updates and outbox events, and stamps them ({@link StatementRecord#storedAt}) so that {@code stored}
   * and the query order both follow commit order: a page boundary is never passed by a statement that
   * commits later. Statement ids are unique per organisation ({@link StatementRecord#authorityOrganisation}):
   * an id the statement's organisation already stored with the same content is skipped; with different
   * content the whole batch fails with {@link StatementIdConflict} and nothing is stored. An id only
   * another organisation holds is new. A voiding statement voids its target in its own organisation only.
   */
  Future<StoreOutcome> store(List<StatementRecord> statements, List<AttachmentContent> attachments);

  /** The stored content of these attachments (those the LRS has; fileUrl-only ones it has not). */
  Future<List<AttachmentContent>> attachments(java.util.Collection<String> sha2s);

  /**
   * A statement by id in {@code organisation}'s store (ids are unique per organisation); with
   * {@code credentialKey}, only if that credential stored it.
   */
  Future<Optional<StoredStatement>> find(UUID id, UUID organisation, String credentialKey);

  Future<StatementPage> query(StatementQuery query);

  /**
   * The canonical definition of an activity in {@code organisation}'s store, merged from every statement
   * of that organisation that defines it.
   */
  Future<Optional<JsonObject>> activityDefinition(UUID organisation, String activityId);

  record StoreOutcome(int stored, int duplicates) {}

  /** A statement as stored: its JSON text (sent without being parsed where the format allows). */
  record StoredStatement(String payload, boolean voided, Instant stored) {}

  /**
   * One page of results, each statement as the JSON text stored (a page goes out in the exact format
   * without being parsed); {@code nextCursor} is present when there may be more.
   */
  record StatementPage(List<String> statements, Optional<Long> nextCursor, Instant consistentThrough) {}

  /** The batch holds a value the store cannot keep (a U+0000 character, say); nothing was stored. */
  final class UnstorableStatement extends RuntimeException {
    public UnstorableStatement(Throwable cause) {
      super("the batch holds a value that cannot be stored", cause);
    }
  }

  final class StatementIdConflict extends RuntimeException {
    public StatementIdConflict(UUID id) {
      super("statement " + id + " is already stored with different content", null, false, false);
    }
  }
}
