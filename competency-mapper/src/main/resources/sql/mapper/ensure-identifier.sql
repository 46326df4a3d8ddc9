INSERT INTO mapper.person_identifier (identifier_key, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING
