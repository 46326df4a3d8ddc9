INSERT INTO identity.credential (key, organisation_id, secret_hash, scopes) VALUES ($1, $2, $3, $4)
RETURNING key, organisation_id, scopes, created_at
