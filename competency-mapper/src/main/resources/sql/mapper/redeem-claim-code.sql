-- Spends a live claim code ($1, its hash) for person $2; nothing when it is unknown, spent or expired.
UPDATE mapper.claim_code SET redeemed_at = now(), redeemed_by = $2
WHERE code_hash = $1 AND redeemed_at IS NULL AND expires_at > now()
RETURNING identifier_key, organisation_id
