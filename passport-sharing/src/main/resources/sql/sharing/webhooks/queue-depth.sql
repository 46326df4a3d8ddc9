-- Webhook deliveries waiting to be sent (pending: due or waiting for a retry) and dead-lettered ones.
SELECT (SELECT count(*) FROM mapper.webhook_delivery WHERE status = 'pending') AS pending,
       (SELECT count(*) FROM mapper.webhook_delivery WHERE status = 'dead') AS dead,
       (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
        FROM mapper.webhook_delivery WHERE status = 'pending') AS oldest_pending_seconds
