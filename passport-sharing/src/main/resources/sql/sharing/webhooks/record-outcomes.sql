-- A batch of outcomes ($1 delivery id, $2 outcome, $3 HTTP status, $4 error, $5 next attempt) in one
-- statement: delivered (with the person's audit entry), retry (pending again at $5), dead or dropped,
-- or released unsent (due again at once; the attempt the lease counted is taken back).
-- Each outcome finds its delivery by primary key: "not finished" is spelt so that no partial index of
-- pending deliveries can serve it. With `status = 'pending'` and statistics taken while few were pending
-- (the queue fills far faster than they follow), the planner read the whole pending queue for every
-- batch: 67 ms per batch at a 6,000-delivery backlog, so a backlog slowed the very work that drains it.
WITH outcome AS (
  SELECT *
  FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::timestamptz[])
       AS o (id, outcome, http_status, error, next_attempt_at)
), recorded AS (
  UPDATE mapper.webhook_delivery d
  SET status = CASE WHEN o.outcome IN ('retry', 'released') THEN 'pending' ELSE o.outcome END,
      delivered_at = CASE WHEN o.outcome = 'delivered' THEN now() ELSE d.delivered_at END,
      next_attempt_at = CASE WHEN o.outcome = 'retry' THEN o.next_attempt_at ELSE d.next_attempt_at END,
      attempts = CASE WHEN o.outcome = 'released' THEN greatest(d.attempts - 1, 0) ELSE d.attempts END,
      last_status = CASE WHEN o.outcome = 'released' THEN d.last_status ELSE o.http_status END,
      last_error = CASE WHEN o.outcome = 'released' THEN d.last_error ELSE o.error END,
      locked_until = NULL
  FROM outcome o
  WHERE d.id = o.id AND d.status NOT IN ('delivered', 'dead', 'dropped')
  RETURNING d.id, d.subscription_id, d.event_id, d.person_id, d.attempts, o.outcome, o.http_status
)
INSERT INTO mapper.audit_event (person_id, organisation_id, organisation, action, detail)
SELECT r.person_id, s.organisation_id, org.name, 'webhook.delivered',
       jsonb_build_object('subscriptionId', r.subscription_id, 'eventId', r.event_id, 'deliveryId', r.id,
                          'httpStatus', r.http_status, 'attempts', r.attempts)
FROM recorded r
JOIN mapper.webhook_subscription s ON s.id = r.subscription_id
LEFT JOIN identity.organisation org ON org.id = s.organisation_id
WHERE r.outcome = 'delivered'
ORDER BY r.id
