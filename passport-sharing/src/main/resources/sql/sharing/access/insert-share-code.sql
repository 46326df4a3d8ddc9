INSERT INTO mapper.share_code (id, code_hash, person_id, scopes, grant_days, expires_at)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id, person_id, scopes, grant_days, expires_at, redeemed_by, redeemed_at, revoked_at, created_at
