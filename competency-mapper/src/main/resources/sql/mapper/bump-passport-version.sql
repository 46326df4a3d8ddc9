INSERT INTO mapper.passport (person_id, version) VALUES ($1, 1)
ON CONFLICT (person_id) DO UPDATE SET version = mapper.passport.version + 1, updated_at = now()
RETURNING version
