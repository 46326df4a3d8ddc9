UPDATE mapper.webhook_subscription
SET status = $3, disabled_reason = $4, updated_at = now()
WHERE id = $1 AND organisation_id = $2
RETURNING *
