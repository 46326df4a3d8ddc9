-- A person (id $2, name-based) for each identifier key ($1) seen for the first time.
WITH fresh AS (
  SELECT k.identifier_key, k.person_id
  FROM unnest($1::text[], $2::uuid[]) AS k (identifier_key, person_id)
  WHERE NOT EXISTS (SELECT 1 FROM mapper.person_identifier i WHERE i.identifier_key = k.identifier_key)
), people AS (
  INSERT INTO mapper.person (id) SELECT person_id FROM fresh ON CONFLICT DO NOTHING
)
INSERT INTO mapper.person_identifier (identifier_key, person_id)
SELECT identifier_key, person_id FROM fresh
ON CONFLICT DO NOTHING
