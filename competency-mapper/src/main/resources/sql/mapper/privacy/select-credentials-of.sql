SELECT id, competency_number, stage, status_index, valid_from, issued_at, revoked_at, revoked_reason, revoked_by
FROM mapper.issued_credential WHERE person_id = ANY ($1::uuid[])
ORDER BY issued_at, competency_number, stage
