-- A person asks to be erased: recorded once ($2 the subject's pseudonym) while it is open; asking again returns the
-- open request.
WITH inserted AS (
  INSERT INTO privacy.erasure (id, subject, person_id, status, requested_by, reason)
  VALUES ($1, $2, $3, 'requested', $4, $5)
  ON CONFLICT (subject) WHERE status <> 'erased' DO NOTHING
  RETURNING *
)
SELECT * FROM inserted
UNION ALL
SELECT * FROM privacy.erasure WHERE subject = $2 AND status <> 'erased' AND NOT EXISTS (SELECT 1 FROM inserted)
