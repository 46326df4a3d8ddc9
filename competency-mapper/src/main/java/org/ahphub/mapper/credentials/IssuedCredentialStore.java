package org.ahphub.mapper.credentials;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.platform.outbox.OutboxMessage;

/** Signing keys and issued credentials (their status-list bits). Private keys cross this interface in clear. */
public interface IssuedCredentialStore {

  /** Who revoked: the operator (stands until new evidence) or the hub when the credit went (never blocks). */
  String OPERATOR = "operator";
  String SYSTEM = "system";

  record StoredKey(String kid, String privateJwk, String publicJwk, Instant retiredAt) {}

  record Issued(UUID id, int statusIndex, Instant validFrom, Instant issuedAt) {}

  /** A revoked credential; {@code personId} is its holder now (following merges). */
  record Revoked(UUID id, UUID personId, String competency, String stage, int statusIndex, Instant revokedAt,
      String reason, String revokedBy) {}

  /** An operator's revocation that still stands for this competency x stage of the person. */
  record Standing(UUID credentialId, String competency, String stage, Instant revokedAt, String reason) {}

  /** When and why a status-list bit was set; {@code revokedAt} null while its credential is live. */
  record Status(Instant revokedAt, String reason, String revokedBy) {}

  /** How an operator's revocation went: empty for an unknown credential; {@code changed} false if it was revoked already. */
  record Revocation(boolean changed, Revoked credential) {}

  Future<List<StoredKey>> keys();

  /** Adds a key and retires every other one (they stay for verification). */
  Future<Void> addActiveKey(String kid, String privateJwk, String publicJwk);

  /**
   * The live credential for this person x competency x stage, created if there is none; empty while an
   * operator's revocation of it stands (no evidence for it credited since), checked in the same statement.
   */
  Future<Optional<Issued>> ensureIssued(UUID personId, String competency, String stage, Instant validFrom);

  /** The hub's own revocation of the live credential; {@code events} are written in the same transaction. */
  Future<List<Revoked>> revokeFor(UUID personId, String competency, String stage, String reason,
      Function<List<Revoked>, List<OutboxMessage>> events);

  /** An operator's revocation; {@code events} (of a credential that changed) are written in the same transaction. */
  Future<Optional<Revocation>> revoke(UUID credentialId, String reason, Function<List<Revoked>, List<OutboxMessage>> events);

  /** The person's standing operator revocations, one per competency x stage (the latest), following merges. */
  Future<List<Standing>> standingRevocations(UUID personId);

  Future<BitSet> revokedIndexes();

  Future<Optional<Status>> status(int statusIndex);
}
