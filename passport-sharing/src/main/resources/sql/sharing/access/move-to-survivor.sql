-- $1 merged into $2, in the merge's transaction: employment, enrolment, grants and share codes recorded
-- against the merged person's id now belong to the survivor. Proposals by identifier follow the identifiers.
WITH relationships AS (
  UPDATE mapper.relationship SET person_id = $2 WHERE person_id = $1 RETURNING id
), grants AS (
  UPDATE mapper.person_grant SET person_id = $2 WHERE person_id = $1 RETURNING id
), codes AS (
  UPDATE mapper.share_code SET person_id = $2 WHERE person_id = $1 RETURNING id
)
SELECT (SELECT count(*) FROM relationships) AS relationships, (SELECT count(*) FROM grants) AS grants
