INSERT INTO identity.credential (key, organisation_id, secret_hash, scopes) VALUES ($1, $2, $3, $4)
ON CONFLICT (key) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, rotated_at = now()
WHERE identity.credential.organisation_id = EXCLUDED.organisation_id AND identity.credential.revoked_at IS NULL
