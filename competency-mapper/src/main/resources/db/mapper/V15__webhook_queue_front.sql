-- A claim reads only the front of each subscription's pending queue, in id order, so its cost does not
-- grow with the backlog (with the person-ordered index it read and sorted every pending delivery).
CREATE INDEX webhook_delivery_pending_front ON webhook_delivery (subscription_id, id) WHERE status = 'pending';

-- The front, always read along that index: the queue fills far faster than its statistics follow, and
-- with a stale estimate of a few rows the planner preferred a bitmap scan of the whole queue and a sort.
-- Without sorts the ordered index scan is the only plan, and it stops after `size` rows. (A function
-- because the setting must apply to this scan alone, not to the claim's own sorts.)
CREATE FUNCTION pending_front(subscription uuid, size integer)
RETURNS TABLE (id bigint, person_id uuid, next_attempt_at timestamptz, locked_until timestamptz)
LANGUAGE sql STABLE
SET enable_sort = off
AS $$
  SELECT d.id, d.person_id, d.next_attempt_at, d.locked_until
  FROM mapper.webhook_delivery d
  WHERE d.subscription_id = subscription AND d.status = 'pending'
  ORDER BY d.id
  LIMIT size
$$;
