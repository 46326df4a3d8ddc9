UPDATE mapper.issued_credential SET revoked_at = now(), revoked_reason = $4
WHERE person_id = $1 AND competency_number = $2 AND stage = $3 AND revoked_at IS NULL
RETURNING id
