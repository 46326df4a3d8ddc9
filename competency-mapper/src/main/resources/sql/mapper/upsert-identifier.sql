INSERT INTO mapper.person_identifier (identifier_key, person_id) VALUES ($1, $2)
ON CONFLICT (identifier_key) DO UPDATE SET person_id = EXCLUDED.person_id
