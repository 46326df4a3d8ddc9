SELECT id, person_id, organisation_id, expires_at, revoked_at, created_at, scopes
FROM mapper.person_grant WHERE person_id = $1 ORDER BY created_at
