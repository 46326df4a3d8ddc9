package org.ahphub.mapper.credentials;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

/** Signing keys and issued credentials (their status-list bits). Private keys cross this interface in clear. */
public interface IssuedCredentialStore {

  record StoredKey(String kid, String privateJwk, String publicJwk, Instant retiredAt) {}

  record Issued(UUID id, int statusIndex, Instant validFrom, Instant issuedAt) {}

  Future<List<StoredKey>> keys();

  /** Adds a key and retires every other one (they stay for verification). */
  Future<Void> addActiveKey(String kid, String privateJwk, String publicJwk);

  /** The live credential for this person x competency x stage, created if there is none. */
  Future<Issued> ensureIssued(UUID personId, String competency, String stage, Instant validFrom);

  Future<Integer> revokeFor(UUID personId, String competency, String stage, String reason);

  Future<Boolean> revoke(UUID credentialId, String reason);

  Future<BitSet> revokedIndexes();
}
