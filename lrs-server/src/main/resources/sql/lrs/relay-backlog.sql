-- Statements stored but not yet on the topic ($1), and how long the oldest of them has waited (seconds).
SELECT count(*) AS backlog, coalesce(extract(epoch FROM now() - min(s.stored)), 0)::float8 AS oldest_seconds
FROM lrs.statement s
WHERE s.seq > (SELECT published_through FROM lrs.relay_checkpoint WHERE topic = $1)
