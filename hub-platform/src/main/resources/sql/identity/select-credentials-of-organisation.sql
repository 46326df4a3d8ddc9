SELECT key, organisation_id, scopes, created_at, rotated_at, revoked_at
FROM identity.credential WHERE organisation_id = $1 ORDER BY created_at
