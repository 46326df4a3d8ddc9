-- A poll's deliveries: the events $1..$5 (and $7, each one's W3C traceparent or null), in poll order, each for the subscriptions listed in $6
-- (comma-separated ids, chosen by the caller from select-recipients: filters matched, access checked).
-- Ids are drawn in ORDER BY order, so a person's events keep their order in each subscription's queue.
-- Idempotent: a (subscription, event) already queued, earlier or in this very statement, is skipped.
-- No join to plan: each event row expands to its subscriptions, however many rows the poll has.
INSERT INTO mapper.webhook_delivery (subscription_id, event_id, person_id, event_type, event, event_time, traceparent)
SELECT s.subscription_id, e.id, e.person_id, e.type, e.body, e.event_time, e.traceparent
FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
       WITH ORDINALITY AS e (id, person_id, type, body, event_time, subscriptions, traceparent, ord)
CROSS JOIN LATERAL unnest(string_to_array(e.subscriptions, ',')::uuid[]) WITH ORDINALITY AS s (subscription_id, n)
ORDER BY e.ord, s.n
ON CONFLICT (subscription_id, event_id) DO NOTHING
