SELECT id, event_id, person_id, event_type, event_time, status, attempts, last_status, last_error, delivered_at, created_at
FROM mapper.webhook_delivery
WHERE subscription_id = $1 AND id > $2
ORDER BY id LIMIT $3
