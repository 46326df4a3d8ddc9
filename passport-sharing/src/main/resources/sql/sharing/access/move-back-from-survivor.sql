-- A merge undone, in its transaction: the relationships ($2), grants ($3) and share codes ($4) the merge moved to
-- the survivor belong to the restored person ($1) again.
WITH relationships AS (
  UPDATE mapper.relationship SET person_id = $1 WHERE id = ANY($2::uuid[]) RETURNING id
), grants AS (
  UPDATE mapper.person_grant SET person_id = $1 WHERE id = ANY($3::uuid[]) RETURNING id
), codes AS (
  UPDATE mapper.share_code SET person_id = $1 WHERE id = ANY($4::uuid[]) RETURNING id
)
SELECT (SELECT count(*) FROM relationships) AS relationships, (SELECT count(*) FROM grants) AS grants
