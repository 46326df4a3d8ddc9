-- The mapper's outbox: events written but not yet published, and how long the oldest has waited (seconds).
SELECT count(*) AS backlog, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_seconds
FROM mapper.outbox
WHERE published_at IS NULL
