UPDATE identity.credential SET secret_hash = $2, rotated_at = now()
WHERE key = $1 AND revoked_at IS NULL
RETURNING key, organisation_id, scopes, created_at
