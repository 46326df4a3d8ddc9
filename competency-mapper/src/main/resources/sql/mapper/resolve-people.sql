-- The person of each identifier key ($1), in one pass: a key seen for the first time gets a person of its own
-- (id $2, name-based). A key another transaction links at the same moment comes back from neither branch; the
-- poll then fails and is applied again.
WITH wanted AS (
  SELECT * FROM unnest($1::text[], $2::uuid[]) AS k (identifier_key, person_id)
), known AS (
  SELECT identifier_key, person_id FROM mapper.person_identifier WHERE identifier_key = ANY($1::text[])
), fresh AS (
  SELECT w.identifier_key, w.person_id
  FROM wanted w LEFT JOIN known k USING (identifier_key)
  WHERE k.identifier_key IS NULL
), people AS (
  INSERT INTO mapper.person (id) SELECT person_id FROM fresh ON CONFLICT DO NOTHING
), linked AS (
  INSERT INTO mapper.person_identifier (identifier_key, person_id)
  SELECT identifier_key, person_id FROM fresh
  ON CONFLICT DO NOTHING
  RETURNING identifier_key, person_id
)
SELECT identifier_key, person_id FROM known
UNION ALL
SELECT identifier_key, person_id FROM linked
