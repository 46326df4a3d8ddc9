-- Credentials issued so far, and how many of them were revoked by an operator or by the system (voided or expired learning).
SELECT count(*) AS issued,
       count(*) FILTER (WHERE revoked_by = 'operator') AS revoked_by_operator,
       count(*) FILTER (WHERE revoked_by = 'system') AS revoked_by_system
FROM mapper.issued_credential
