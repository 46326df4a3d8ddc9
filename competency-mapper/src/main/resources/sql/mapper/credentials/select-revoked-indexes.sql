SELECT status_index FROM mapper.issued_credential WHERE revoked_at IS NOT NULL
