UPDATE mapper.person_grant SET revoked_at = now() WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL
RETURNING id, person_id, organisation_id, expires_at, revoked_at, created_at, scopes
