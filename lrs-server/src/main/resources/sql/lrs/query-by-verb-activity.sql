-- Statements with a verb about an activity as their object (related_activities false): a range scan of
-- statement_verb_activity (verb_id, object_activity_id, seq) in seq order; the other filters are
-- checked per statement until the page is full.
-- $1 agent key hash, $2 related agents, $3 verb, $4 activity, $5 related activities, $6 registration,
-- $7 since, $8 until, $9 cursor (seq), $10 limit, $11 authority organisation (null = all),
-- $12 activity id hash (both hashes: LinkKeys in the pg store).
-- {order} is ASC or DESC and {after} is > or < (the paging direction), fixed when the query is loaded.
SELECT s.seq, s.payload::text AS payload, s.stored
FROM lrs.statement s
WHERE s.verb_id = $3
  AND s.object_activity_id = $4
  AND $12::uuid IS NOT NULL          -- the same activity's hash: the statement row holds the id itself
  AND NOT $5::boolean
  AND ($9::bigint IS NULL OR s.seq {after} $9)
  AND NOT s.voided
  AND ($6::uuid IS NULL OR s.registration = $6)
  AND ($7::timestamptz IS NULL OR s.stored > $7)
  AND ($8::timestamptz IS NULL OR s.stored <= $8)
  AND ($11::uuid IS NULL OR s.authority_org = $11)
  AND ($1::uuid IS NULL OR EXISTS (
        SELECT 1 FROM lrs.statement_agent a
        WHERE a.agent_hash = $1 AND a.statement_seq = s.seq AND ($2::boolean OR a.relation IN ('actor', 'object'))))
ORDER BY s.seq {order}
LIMIT $10
