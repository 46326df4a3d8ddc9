-- $1 merged into $2, in the merge's transaction: employment, enrolment and grants recorded against the merged
-- person's id now belong to the survivor. Relationships recorded by xAPI identifier follow the identifiers.
WITH relationships AS (
  UPDATE mapper.relationship SET person_id = $2 WHERE person_id = $1 RETURNING id
), grants AS (
  UPDATE mapper.person_grant SET person_id = $2 WHERE person_id = $1 RETURNING id
)
SELECT (SELECT count(*) FROM relationships) AS relationships, (SELECT count(*) FROM grants) AS grants
