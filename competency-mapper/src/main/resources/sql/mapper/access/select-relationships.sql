SELECT id, organisation_id, person_id, identifier_key, kind, starts_at, ends_at, created_at
FROM mapper.relationship WHERE organisation_id = $1 ORDER BY created_at
