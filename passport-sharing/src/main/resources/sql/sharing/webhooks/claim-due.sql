-- Leases, for $5 seconds, the due front of each (subscription, person) queue: its oldest pending
-- delivery and up to $6 - 1 after it while they are due and free too, so a person's events go out in
-- order (the dispatcher sends them one after another) while different persons go out at once. Per
-- active subscription at most what the dispatcher can still take ($2/$3: subscription and free slots;
-- $4 for any other), $1 in all, fronts first and oldest first. allowed: whether the organisation may
-- see the person now (a current relationship or a live grant), so ending one stops deliveries already
-- queued ($8: the erasure notice's type, sent whatever access remains). Only the $7 oldest pending deliveries of each subscription are looked at: enough to fill
-- the lease, and a claim's cost stays flat however long the backlog grows (the dispatcher passes the
-- whole queue now and then, so persons held up behind others' retries are not starved).
-- Shaped so that no plan depends on row estimates (the queue fills faster than statistics follow):
-- each subscription's queues are read from its own range of the pending index, lookups in the arrays
-- replace joins, and the lease finds its rows by primary key.
WITH lane AS (
  SELECT s.id, coalesce(($3::int[])[array_position($2::uuid[], s.id)], $4) AS free
  FROM mapper.webhook_subscription s
  WHERE s.status = 'active'
), candidate AS (
  SELECT l.id AS subscription_id, q.id, q.person_id, q.next_attempt_at, q.place
  FROM lane l
  CROSS JOIN LATERAL (
    SELECT queue.id, queue.person_id, queue.next_attempt_at, queue.place
    FROM (
      SELECT d.id, d.person_id, d.next_attempt_at,
             row_number() OVER person_queue AS place,
             -- running: this one and every one before it in the person's queue are due and not leased
             bool_and(d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now()))
               OVER person_queue AS ready
      -- The front of the subscription's queue holds the front of each of its persons' queues too.
      FROM mapper.pending_front(l.id, $7) d
      WINDOW person_queue AS (PARTITION BY d.person_id ORDER BY d.id)
    ) queue
    WHERE queue.ready AND queue.place <= $6
    ORDER BY queue.place, queue.next_attempt_at, queue.id
    LIMIT l.free
  ) q
  WHERE l.free > 0
), due AS MATERIALIZED (
  -- By place first, so what is cut off is the end of a person's run, never its front.
  SELECT c.id, c.subscription_id, c.person_id, c.place
  FROM candidate c
  ORDER BY c.place, c.next_attempt_at, c.id
  LIMIT $1
), leased AS (
  UPDATE mapper.webhook_delivery d
  SET locked_until = now() + make_interval(secs => $5), attempts = d.attempts + 1
  -- By primary key: "not finished" is spelt so that no pending-queue index can serve it (see
  -- record-outcomes.sql); through one, without PostgreSQL 18's skip scan, it read the whole queue.
  WHERE d.id = ANY (ARRAY(SELECT due.id FROM due))
    AND d.status NOT IN ('delivered', 'dead', 'dropped') AND (d.locked_until IS NULL OR d.locked_until < now())
  RETURNING d.id, d.subscription_id, d.event_id, d.person_id, d.event_type, d.event, d.attempts, d.retry_from,
            d.traceparent
), placed AS (
  SELECT d.*, (SELECT array_agg(due.place ORDER BY due.id) FROM due)[
           array_position((SELECT array_agg(due.id ORDER BY due.id) FROM due), d.id)] AS place
  FROM leased d
)
SELECT d.id, d.subscription_id, d.event_id, d.person_id, d.event, d.attempts, d.retry_from, d.traceparent,
       s.organisation_id, s.url, s.secret, s.previous_secret, s.previous_secret_until,
       -- False when one before it in the person's run was not leased after all (another dispatcher took
       -- it meanwhile): then this one must not be sent either, and is given back.
       d.place = count(*) OVER (PARTITION BY d.subscription_id, d.person_id ORDER BY d.place) AS in_order,
       -- The notice of an erasure ($8, its type) was addressed while the organisation could see the person; the
       -- erasure has since removed what gave it access, and the notice must still go.
       d.event_type = $8
       -- Otherwise three probes, each along an index: by person id, by a linked identifier, by grant.
       OR EXISTS (
         SELECT 1 FROM mapper.relationship r
         WHERE r.person_id = d.person_id AND r.organisation_id = s.organisation_id
           AND r.starts_at <= now() AND (r.ends_at IS NULL OR r.ends_at > now()))
       OR EXISTS (
         -- From the person's few identifiers to their relationships (LATERAL keeps that order: from the
         -- organisation's relationships it was a probe per relationship).
         SELECT 1 FROM mapper.person_identifier i
         CROSS JOIN LATERAL (
           SELECT 1 FROM mapper.relationship r
           WHERE r.identifier_key = i.identifier_key AND r.organisation_id = s.organisation_id
             AND r.starts_at <= now() AND (r.ends_at IS NULL OR r.ends_at > now())
           LIMIT 1) r
         WHERE i.person_id = d.person_id)
       OR EXISTS (
         SELECT 1 FROM mapper.person_grant g
         WHERE g.person_id = d.person_id AND g.organisation_id = s.organisation_id
           AND g.revoked_at IS NULL AND g.expires_at > now()) AS allowed
FROM placed d
JOIN mapper.webhook_subscription s ON s.id = d.subscription_id
