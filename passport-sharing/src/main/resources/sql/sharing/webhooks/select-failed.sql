SELECT id, event_id, person_id, event_type, event_time, attempts, last_status, last_error, created_at
FROM mapper.webhook_delivery
WHERE subscription_id = $1 AND status = 'dead' AND id > $2
ORDER BY id LIMIT $3
