-- The hub revokes the live credential of a competency x stage whose credit was retracted or expired.
-- Such a revocation never blocks a new credential when the credit comes back (revoked_by = 'system').
UPDATE mapper.issued_credential SET revoked_at = now(), revoked_reason = $4, revoked_by = 'system'
WHERE person_id = $1 AND competency_number = $2 AND stage = $3 AND revoked_at IS NULL
RETURNING id, person_id, competency_number, stage, status_index, revoked_at, revoked_reason, revoked_by
