-- Events ($3, JSON text) with their topics ($1) and keys ($2), in order; the event column is json.
-- unnest in the select list streams the arrays; in FROM it would first copy them into a tuplestore, which
-- spills to disk beyond work_mem (a large poll's events are several megabytes).
-- $4: each event's W3C traceparent (null when none came with it).
INSERT INTO {schema}.outbox (topic, event_key, event, traceparent)
SELECT unnest($1::text[]), unnest($2::text[]), unnest($3::text[])::json, unnest($4::text[])
