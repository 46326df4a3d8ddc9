SELECT * FROM mapper.webhook_subscription WHERE id = $1 AND organisation_id = $2
