-- An operator revokes one credential. changed = false: it was revoked already (as it was then); no row: unknown.
-- person_id is its holder now, following merges.
WITH revoked AS (
  UPDATE mapper.issued_credential SET revoked_at = now(), revoked_reason = $2, revoked_by = 'operator'
  WHERE id = $1 AND revoked_at IS NULL
  RETURNING id, person_id, competency_number, stage, status_index, revoked_at, revoked_reason, revoked_by
), answer AS (
  SELECT true AS changed, * FROM revoked
  UNION ALL
  SELECT false, id, person_id, competency_number, stage, status_index, revoked_at, revoked_reason, revoked_by
  FROM mapper.issued_credential WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM revoked)
)
SELECT a.changed, a.id, coalesce(p.merged_into, a.person_id) AS person_id, a.competency_number, a.stage,
       a.status_index, a.revoked_at, a.revoked_reason, a.revoked_by
FROM answer a LEFT JOIN mapper.person p ON p.id = a.person_id
