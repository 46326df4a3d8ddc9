UPDATE identity.credential SET revoked_at = now() WHERE key = $1 AND revoked_at IS NULL RETURNING key
