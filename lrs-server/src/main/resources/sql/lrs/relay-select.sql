-- The next statements to publish, in commit order, with what their CloudEvent needs.
-- $1 topic, $2 how many
SELECT s.seq, s.id, s.learner_key, s.stored, s.authority_org, s.voids IS NOT NULL AS voiding, s.payload::text AS payload,
       s.traceparent
FROM lrs.statement s
WHERE s.seq > (SELECT published_through FROM lrs.relay_checkpoint WHERE topic = $1)
ORDER BY s.seq
LIMIT $2
