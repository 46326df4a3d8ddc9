-- The operator revocations that stand for a person (and anyone merged into them): per competency x stage the
-- latest one, when no evidence for it was credited since.
SELECT DISTINCT ON (r.competency_number, r.stage)
       r.id, r.competency_number, r.stage, r.revoked_at, r.revoked_reason
FROM mapper.issued_credential r
WHERE (r.person_id = $1 OR r.person_id IN (SELECT p.id FROM mapper.person p WHERE p.merged_into = $1))
  AND r.revoked_by = 'operator'
  AND NOT EXISTS (
    SELECT 1 FROM mapper.evidence e
    WHERE e.person_id = $1 AND e.competency_number = r.competency_number AND e.stage = r.stage
      AND e.credited_at > r.revoked_at)
ORDER BY r.competency_number, r.stage, r.revoked_at DESC
