SELECT * FROM mapper.webhook_subscription WHERE organisation_id = $1 ORDER BY created_at
