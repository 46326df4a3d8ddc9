DELETE FROM mapper.attainment a
USING unnest($2::text[], $3::text[]) AS gone (scope, stage)
WHERE a.person_id = $1 AND a.scope = gone.scope AND a.stage = gone.stage
RETURNING a.scope, a.stage
