INSERT INTO mapper.person_grant (id, person_id, organisation_id, expires_at, scopes) VALUES ($1, $2, $3, $4, $5)
RETURNING id, person_id, organisation_id, expires_at, revoked_at, created_at, scopes
