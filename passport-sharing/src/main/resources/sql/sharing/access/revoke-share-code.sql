UPDATE mapper.share_code SET revoked_at = now() WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL
  AND redeemed_at IS NULL
RETURNING id, person_id, scopes, grant_days, expires_at, redeemed_by, redeemed_at, revoked_at, created_at
