INSERT INTO identity.credential (key, organisation_id, secret_hash, scopes) VALUES ($1, $2, $3, $4)
ON CONFLICT (key) DO NOTHING
