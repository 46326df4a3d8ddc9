INSERT INTO mapper.attainment (person_id, scope, stage)
SELECT $1, * FROM unnest($2::text[], $3::text[])
ON CONFLICT DO NOTHING
RETURNING scope, stage
