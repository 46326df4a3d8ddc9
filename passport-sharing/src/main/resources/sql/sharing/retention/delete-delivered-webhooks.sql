-- Webhook deliveries that ended delivered or dropped more than $1 seconds ago, at most $2 of them (a batch).
DELETE FROM mapper.webhook_delivery WHERE id IN (
  SELECT id FROM mapper.webhook_delivery
  WHERE status IN ('delivered', 'dropped') AND coalesce(delivered_at, created_at) < now() - make_interval(secs => $1)
  LIMIT $2)
