UPDATE mapper.webhook_delivery
SET status = 'delivered', delivered_at = now(), locked_until = NULL, last_status = $2, last_error = NULL
WHERE id = $1
