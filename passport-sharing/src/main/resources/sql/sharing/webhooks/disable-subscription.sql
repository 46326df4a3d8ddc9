UPDATE mapper.webhook_subscription SET status = 'disabled', disabled_reason = $2, updated_at = now() WHERE id = $1
