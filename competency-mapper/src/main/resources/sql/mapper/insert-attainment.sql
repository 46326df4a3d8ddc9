-- Attainment gained: person ($1), scope ($2), stage ($3); returns what was not recorded yet.
INSERT INTO mapper.attainment (person_id, scope, stage)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
ON CONFLICT DO NOTHING
RETURNING person_id, scope, stage
