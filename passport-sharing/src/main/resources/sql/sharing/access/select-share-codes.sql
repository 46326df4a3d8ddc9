SELECT id, person_id, scopes, grant_days, expires_at, redeemed_by, redeemed_at, revoked_at, created_at
FROM mapper.share_code WHERE person_id = $1 ORDER BY created_at
