-- Attainment lost: person ($1), scope ($2), stage ($3); returns what was recorded.
DELETE FROM mapper.attainment a
USING unnest($1::uuid[], $2::text[], $3::text[]) AS gone (person_id, scope, stage)
WHERE a.person_id = gone.person_id AND a.scope = gone.scope AND a.stage = gone.stage
RETURNING a.person_id, a.scope, a.stage
