-- Names statements gave their learners ($1 identifier keys, $2 candidate person ids, $3 organisations, $4 authority
-- names, $5 names, $6 statement timestamps, $7 statement ids; one row per key and organisation). The person is
-- whoever holds the identifier now, else the candidate the identifier will be given. A later statement's name
-- replaces an earlier one; an older statement arriving late changes nothing.
INSERT INTO mapper.person_name AS n (identifier_key, organisation_id, person_id, source, name, stated_at, statement_id)
SELECT w.identifier_key, w.organisation_id, coalesce(i.person_id, w.candidate), w.source, w.name, w.stated_at,
       w.statement_id
FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::uuid[])
       AS w (identifier_key, candidate, organisation_id, source, name, stated_at, statement_id)
LEFT JOIN mapper.person_identifier i ON i.identifier_key = w.identifier_key
ORDER BY w.identifier_key, w.organisation_id
ON CONFLICT (identifier_key, organisation_id) DO UPDATE
  SET name = EXCLUDED.name, source = EXCLUDED.source, stated_at = EXCLUDED.stated_at,
      statement_id = EXCLUDED.statement_id, person_id = EXCLUDED.person_id, recorded_at = now()
  WHERE n.stated_at <= EXCLUDED.stated_at
