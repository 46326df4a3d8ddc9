-- Sends again: one delivery (by delivery id or event id) or every one whose event time is in [since, until).
UPDATE mapper.webhook_delivery
SET status = 'pending', attempts = 0, retry_from = now(), next_attempt_at = now(), locked_until = NULL
WHERE subscription_id = $1
  AND ($2::bigint IS NULL OR id = $2)
  AND ($3::text IS NULL OR event_id = $3)
  AND ($4::timestamptz IS NULL OR event_time >= $4)
  AND ($5::timestamptz IS NULL OR event_time < $5)
  AND status IN ('delivered', 'dead', 'dropped')
RETURNING id
