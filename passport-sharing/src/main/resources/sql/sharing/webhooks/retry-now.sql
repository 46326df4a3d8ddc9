-- The subscription's endpoint answers again after its circuit was open: what waits for a retry ($1) is due
-- now, in the order it was queued, instead of hours of backoff later. Leased deliveries are left alone.
UPDATE mapper.webhook_delivery
SET next_attempt_at = now()
WHERE subscription_id = $1 AND status = 'pending' AND next_attempt_at > now()
  AND (locked_until IS NULL OR locked_until < now())
