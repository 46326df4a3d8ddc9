SELECT id, scopes, grant_days, expires_at, redeemed_by, redeemed_at, revoked_at, created_at
FROM mapper.share_code WHERE person_id = ANY ($1::uuid[])
ORDER BY created_at
