-- The due head of each (subscription, person) queue, at most $4 in flight per subscription
-- ($2/$3: subscriptions already busy and how many they have in flight). Claimed by a lease.
WITH heads AS (
  SELECT DISTINCT ON (d.subscription_id, d.person_id)
         d.id, d.subscription_id, d.next_attempt_at, d.locked_until
  FROM mapper.webhook_delivery d
  JOIN mapper.webhook_subscription s ON s.id = d.subscription_id AND s.status = 'active'
  WHERE d.status = 'pending'
  ORDER BY d.subscription_id, d.person_id, d.id
), ranked AS (
  SELECT h.id, h.subscription_id, h.next_attempt_at,
         row_number() OVER (PARTITION BY h.subscription_id ORDER BY h.next_attempt_at, h.id) AS rank
  FROM heads h
  WHERE h.next_attempt_at <= now() AND (h.locked_until IS NULL OR h.locked_until < now())
), due AS (
  SELECT r.id FROM ranked r
  LEFT JOIN unnest($2::uuid[], $3::int[]) AS busy (subscription_id, in_flight) ON busy.subscription_id = r.subscription_id
  WHERE r.rank <= $4 - coalesce(busy.in_flight, 0)
  ORDER BY r.next_attempt_at
  LIMIT $1
)
UPDATE mapper.webhook_delivery d
SET locked_until = now() + make_interval(secs => $5), attempts = d.attempts + 1
FROM due, mapper.webhook_subscription s
WHERE d.id = due.id AND s.id = d.subscription_id AND d.status = 'pending'
  AND (d.locked_until IS NULL OR d.locked_until < now())
RETURNING d.id, d.subscription_id, d.event_id, d.person_id, d.event, d.attempts, d.retry_from,
          s.organisation_id, s.url, s.secret, s.previous_secret, s.previous_secret_until
