UPDATE mapper.webhook_subscription
SET previous_secret = secret, previous_secret_until = $4, secret = $3, updated_at = now()
WHERE id = $1 AND organisation_id = $2
RETURNING *
