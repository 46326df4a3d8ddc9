-- A proposal; a relationship naming a person merged into another ($3) is recorded against the survivor.
INSERT INTO mapper.relationship (id, organisation_id, person_id, identifier_key, kind, starts_at, ends_at)
VALUES ($1, $2, coalesce((SELECT merged_into FROM mapper.person WHERE id = $3), $3), $4, $5, $6, $7)
RETURNING id, organisation_id, person_id, identifier_key, kind, starts_at, ends_at, created_at, status, decided_at
