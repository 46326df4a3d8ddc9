-- Dead-lettered webhook deliveries older than $1 seconds, at most $2 of them.
DELETE FROM mapper.webhook_delivery WHERE id IN (
  SELECT id FROM mapper.webhook_delivery
  WHERE status = 'dead' AND created_at < now() - make_interval(secs => $1)
  LIMIT $2)
