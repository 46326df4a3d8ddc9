INSERT INTO mapper.learner_token (token_hash, person_id, expires_at) VALUES ($1, $2, $3)
