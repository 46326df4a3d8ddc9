-- The live credential for this person x competency x stage, created when there is none, unless an operator's
-- revocation stands: one revoking a credential of this person (or of anyone merged into them) for this
-- competency x stage, with no evidence for it credited since. Then one row with blocked = true and no credential.
-- Checked in this statement: a live row this snapshot sees is never replaced (a revocation running at the same
-- moment ends it, and the next read sees that revocation standing), and ON CONFLICT settles two first issues.
WITH standing AS (
  SELECT 1 FROM mapper.issued_credential r
  WHERE (r.person_id = $2 OR r.person_id IN (SELECT p.id FROM mapper.person p WHERE p.merged_into = $2))
    AND r.competency_number = $3 AND r.stage = $4 AND r.revoked_by = 'operator'
    AND NOT EXISTS (
      SELECT 1 FROM mapper.evidence e
      WHERE e.person_id = $2 AND e.competency_number = $3 AND e.stage = $4 AND e.credited_at > r.revoked_at)
  LIMIT 1
), live AS (
  SELECT id, status_index, valid_from, issued_at FROM mapper.issued_credential
  WHERE person_id = $2 AND competency_number = $3 AND stage = $4 AND revoked_at IS NULL
), inserted AS (
  INSERT INTO mapper.issued_credential (id, person_id, competency_number, stage, valid_from)
  SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM standing) AND NOT EXISTS (SELECT 1 FROM live)
  ON CONFLICT (person_id, competency_number, stage) WHERE revoked_at IS NULL DO NOTHING
  RETURNING id, status_index, valid_from, issued_at
)
SELECT false AS blocked, id, status_index, valid_from, issued_at FROM inserted
UNION ALL
SELECT false, id, status_index, valid_from, issued_at FROM live WHERE NOT EXISTS (SELECT 1 FROM standing)
UNION ALL
SELECT true, NULL, NULL, NULL, NULL FROM standing
LIMIT 1
