-- $1 merged into $2, in the merge's transaction: employment, enrolment, grants and share codes recorded
-- against the merged person's id now belong to the survivor. Proposals by identifier follow the identifiers.
-- Returns the ids moved, which undoing the merge moves back (move-back-from-survivor.sql).
WITH relationships AS (
  UPDATE mapper.relationship SET person_id = $2 WHERE person_id = $1 RETURNING id
), grants AS (
  UPDATE mapper.person_grant SET person_id = $2 WHERE person_id = $1 RETURNING id
), codes AS (
  UPDATE mapper.share_code SET person_id = $2 WHERE person_id = $1 RETURNING id
)
SELECT array(SELECT id FROM relationships ORDER BY id) AS relationships,
       array(SELECT id FROM grants ORDER BY id) AS grants,
       array(SELECT id FROM codes ORDER BY id) AS share_codes
