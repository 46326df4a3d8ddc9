package org.ahphub.mapper.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.platform.outbox.OutboxMessage;

/**
 * The person index: which xAPI identifiers belong to which person, merging two people into one and undoing
 * that, and claim codes, with which an organisation lets a person join its record of them to their own.
 */
public interface PersonStore {

  /** Who joined two records: the hub operator, the person (with a claim code), or a trusted organisation. */
  enum Joiner {
    OPERATOR("operator"), PERSON("person"), ORGANISATION("organisation");

    private final String code;

    Joiner(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * A merge made ({@code undone} false) or undone: {@code mergedId}'s record went into {@code survivorId}, or
   * came back out of it with {@code identifierKeys} and the evidence that came in under them.
   */
  record MergeChange(UUID mergeId, UUID survivorId, UUID mergedId, Joiner joinedBy, UUID organisationId,
      List<String> identifierKeys, Instant at, boolean undone) {}

  /** The events a change to the person index writes in its transaction, made by the caller's contracts. */
  record IndexEvents(Function<PassportChange, List<OutboxMessage>> passport,
      Function<IdentityChange, OutboxMessage> identity, Function<MergeChange, OutboxMessage> merge) {}

  /** What undoing a merge did: the restored person, its identifiers, and how many pieces of evidence went back. */
  record UnmergeResult(UUID survivorId, UUID restoredId, List<String> identifierKeys, int evidenceMoved,
      List<PassportChange> changes) {}

  /** A merge of the person's record, or into it, as the person and the operator see it. */
  record MergeRecord(UUID mergeId, UUID survivorId, UUID mergedId, Joiner joinedBy, Instant mergedAt, Instant undoneAt) {}

  /** The result of linking an identifier: the person it now belongs to and the person merged away, if any. */
  record LinkResult(UUID personId, Optional<UUID> mergedPersonId, boolean changed, List<PassportChange> changes) {}

  /**
   * A person's identifiers after a change, as identifier keys: all of them ({@code mergedInto} null), or
   * none because the person was merged into {@code mergedInto}. {@code identityVersion} grows with every
   * change to anyone's identifiers, in commit order; the two sides of one merge share it.
   */
  record IdentityChange(UUID personId, long identityVersion, List<String> identifierKeys, UUID mergedInto) {}

  /**
   * Links an identifier to a person (following merges); when the identifier belonged to another person,
   * that person is merged into this one, in one transaction: identifiers, evidence, attainment and what
   * else was held against the merged id (relationships and grants, in the PostgreSQL store). When the
   * person's identifiers changed, the events {@code identityEventFor} makes of each {@link IdentityChange}
   * (the person's, and the merged person's) are written in the same transaction.
   *
   * @return empty when no such person exists
   */
  Future<Optional<LinkResult>> link(UUID personId, String identifierKey, UUID organisationId, Joiner joiner,
      IndexEvents events);

  /**
   * Undoes the open merge of {@code mergedId} into the person {@code survivorId} resolves to: the merged person
   * gets back its id, the identifiers it held then (those the survivor still holds), the evidence that came in
   * under them, and its attainment; both passports move on. Relationships and grants the merged person had stay
   * with the survivor (the consent was given to that record).
   *
   * @return empty when there is no such open merge
   */
  Future<Optional<UnmergeResult>> unmerge(UUID survivorId, UUID mergedId, IndexEvents events);

  /** Merges into or of the person, newest first. */
  Future<List<MergeRecord>> merges(UUID personId);

  /** Stores a claim code (its hash) vouching for {@code identifierKey}, issued by {@code organisationId}. */
  Future<UUID> addClaimCode(String codeHash, String identifierKey, UUID organisationId, Instant expiresAt);

  /**
   * Spends a claim code for the person: its identifier is linked to them, merging the record that held it, in
   * one transaction with spending the code.
   *
   * @return empty when no live code has that hash (unknown, spent or expired) or there is no such person
   */
  Future<Optional<LinkResult>> redeemClaimCode(UUID personId, String codeHash, IndexEvents events);

  Future<Optional<UUID>> personFor(String identifierKey);

  /**
   * The person holding {@code identifierKey}; when nobody does, person {@code newPersonId} is created holding
   * it, with its identity event written in the same transaction. Never merges anyone.
   */
  Future<UUID> ensure(String identifierKey, UUID newPersonId, Function<IdentityChange, OutboxMessage> identityEventFor);
}
