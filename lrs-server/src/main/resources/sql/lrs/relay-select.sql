-- The next statements to publish, in seq order, below the commit-order watermark, with what their CloudEvent needs.
-- $1 topic, $2 how many, $3 the watermark (relay-claim.sql)
SELECT s.seq, s.id, s.learner_key, s.stored, s.authority_org, s.voids IS NOT NULL AS voiding, s.payload::text AS payload,
       s.traceparent
FROM lrs.statement s
WHERE s.seq > (SELECT published_through FROM lrs.relay_checkpoint WHERE topic = $1)
  AND s.seq < $3
ORDER BY s.seq
LIMIT $2
