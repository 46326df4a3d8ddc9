INSERT INTO mapper.person_link (identifier_key, person_id, organisation_id) VALUES ($1, $2, $3)
ON CONFLICT (identifier_key) DO UPDATE SET person_id = EXCLUDED.person_id, organisation_id = EXCLUDED.organisation_id,
  linked_at = now()
