-- Organisation $2 redeems a live code (by its hash $1) once: the code is spent and the organisation gets a
-- grant ($3) with the code's scopes for the code's number of days, against the person (or their survivor).
WITH code AS (
  UPDATE mapper.share_code SET redeemed_by = $2, redeemed_at = now()
  WHERE code_hash = $1 AND redeemed_at IS NULL AND revoked_at IS NULL AND expires_at > now()
  RETURNING id, person_id, scopes, grant_days
)
INSERT INTO mapper.person_grant (id, person_id, organisation_id, expires_at, scopes, share_code_id)
SELECT $3, coalesce((SELECT p.merged_into FROM mapper.person p WHERE p.id = code.person_id), code.person_id), $2,
       now() + make_interval(days => code.grant_days), code.scopes, code.id
FROM code
RETURNING id, person_id, organisation_id, expires_at, revoked_at, created_at, scopes
