-- Statements about an agent as actor or object (related_agents false): the agent's rows in
-- statement_agent_direct, in seq order, drive the scan; the other filters are checked per statement
-- until the page is full. The relation condition is written out so the partial index applies.
-- $1 agent key hash, $2 related agents, $3 verb, $4 activity, $5 related activities, $6 registration,
-- $7 since, $8 until, $9 cursor (seq), $10 limit, $11 authority organisation (null = all),
-- $12 activity id hash (both hashes: LinkKeys in the pg store).
-- {order} is ASC or DESC and {after} is > or < (the paging direction), fixed when the query is loaded.
SELECT DISTINCT ON (a.statement_seq) s.seq, s.payload::text AS payload, s.stored
FROM lrs.statement_agent a
JOIN lrs.statement s ON s.seq = a.statement_seq
WHERE a.agent_hash = $1
  AND NOT $2::boolean AND a.relation IN ('actor', 'object')
  AND ($9::bigint IS NULL OR a.statement_seq {after} $9)
  AND NOT s.voided
  AND ($3::text IS NULL OR s.verb_id = $3)
  AND ($6::uuid IS NULL OR s.registration = $6)
  AND ($7::timestamptz IS NULL OR s.stored > $7)
  AND ($8::timestamptz IS NULL OR s.stored <= $8)
  AND ($11::uuid IS NULL OR s.authority_org = $11)
  AND ($4::text IS NULL OR EXISTS (
        SELECT 1 FROM lrs.statement_activity x
        WHERE x.activity_hash = $12 AND x.statement_seq = s.seq AND ($5::boolean OR x.relation = 'object')))
ORDER BY a.statement_seq {order}
LIMIT $10
