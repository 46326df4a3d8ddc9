-- The operator erases a person: a request the person made moves on to erasing; otherwise one is made. An erasure
-- already running is left as it is (the caller reads it back).
INSERT INTO privacy.erasure AS e (id, subject, person_id, status, requested_by, reason, erased_by, started_at,
                                  sealed_subject)
VALUES ($1, $2, $3, 'erasing', $4, $5, $4, now(), $6)
ON CONFLICT (subject) WHERE status <> 'erased' DO UPDATE
  SET status = 'erasing', erased_by = EXCLUDED.erased_by, started_at = now(), sealed_subject = EXCLUDED.sealed_subject,
      reason = coalesce(EXCLUDED.reason, e.reason)
  WHERE e.status = 'requested'
RETURNING *
