INSERT INTO mapper.claim_code (id, code_hash, identifier_key, organisation_id, expires_at)
VALUES ($1, $2, $3, $4, $5)
