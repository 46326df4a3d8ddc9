-- What a verifier is told about a status-list bit: when and why its credential was revoked.
SELECT revoked_at, revoked_reason, revoked_by FROM mapper.issued_credential WHERE status_index = $1
