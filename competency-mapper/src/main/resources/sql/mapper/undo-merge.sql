-- Merge $1 of person $2 undone: the person stands on its own again with its identifiers ($3, those the survivor
-- $4 still holds) and its passport version from before the merge ($5). Returns the identifiers it got back.
WITH merge AS (
  UPDATE mapper.person_merge SET undone_at = now() WHERE id = $1
), person AS (
  UPDATE mapper.person SET merged_into = NULL WHERE id = $2
), passport AS (
  INSERT INTO mapper.passport (person_id, version) VALUES ($2, $5) ON CONFLICT (person_id) DO NOTHING
)
UPDATE mapper.person_identifier SET person_id = $2
WHERE person_id = $4 AND identifier_key = ANY($3::text[])
RETURNING identifier_key
