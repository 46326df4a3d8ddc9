-- Revocation that sticks. An operator's revocation stands for its person x competency x stage until evidence for
-- that competency x stage is credited after it (evidence.credited_at); the hub's own revocations (the credit was
-- retracted or expired) never block a new credential when the credit comes back. revoked_by tells them apart.
ALTER TABLE issued_credential ADD COLUMN revoked_by text
  CHECK (revoked_by IN ('operator', 'system'));
UPDATE issued_credential
SET revoked_by = CASE WHEN revoked_reason IN ('voided', 'expired') THEN 'system' ELSE 'operator' END
WHERE revoked_at IS NOT NULL;
ALTER TABLE issued_credential ADD CONSTRAINT issued_credential_revoked_by
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL));

-- Standing operator revocations of a person, read at every issue and every passport read.
CREATE INDEX issued_credential_operator_revoked
  ON issued_credential (person_id, competency_number, stage, revoked_at) WHERE revoked_by = 'operator';
-- Revocations follow merges: the people merged into a survivor, found by their survivor.
CREATE INDEX person_merged_into ON person (merged_into) WHERE merged_into IS NOT NULL;

-- Credentials reissued before this version for the very evidence an operator had revoked: revoke them too, so
-- the operator's revocation holds for what was handed out since.
UPDATE issued_credential c
SET revoked_at = now(), revoked_reason = 'reissued after an operator revocation', revoked_by = 'system'
WHERE c.revoked_at IS NULL
  AND EXISTS (
    SELECT 1 FROM issued_credential r
    WHERE r.revoked_by = 'operator'
      AND r.competency_number = c.competency_number AND r.stage = c.stage
      AND (r.person_id = c.person_id OR r.person_id IN (SELECT id FROM person WHERE merged_into = c.person_id))
      AND NOT EXISTS (
        SELECT 1 FROM evidence e
        WHERE e.person_id = c.person_id AND e.competency_number = c.competency_number AND e.stage = c.stage
          AND e.credited_at > r.revoked_at));
