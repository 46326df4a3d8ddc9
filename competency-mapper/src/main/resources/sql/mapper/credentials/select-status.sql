SELECT revoked_at IS NOT NULL AS revoked, revoked_reason FROM mapper.issued_credential WHERE status_index = $1
