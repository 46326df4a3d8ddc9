SELECT seq, topic, event_key, event::text AS event, traceparent
FROM {schema}.outbox
WHERE published_at IS NULL
ORDER BY seq
LIMIT $1
FOR UPDATE SKIP LOCKED
