SELECT person_id FROM mapper.learner_token WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
