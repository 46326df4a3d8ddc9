UPDATE mapper.webhook_delivery
SET next_attempt_at = $2, locked_until = NULL, last_status = $3, last_error = $4
WHERE id = $1
