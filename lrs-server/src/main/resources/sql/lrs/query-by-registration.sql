-- Statements with a registration: a range scan of statement_registration (registration, seq) in seq order drives the
-- scan; the other filters are checked per statement until the page is full.
-- $1 agent key hash, $2 related agents, $3 verb, $4 activity, $5 related activities, $6 registration,
-- $7 since, $8 until, $9 cursor (seq), $10 limit, $11 authority organisation (null = all),
-- $12 activity id hash (both hashes: LinkKeys in the pg store).
-- {order} is ASC or DESC and {after} is > or < (the paging direction), fixed when the query is loaded.
SELECT s.seq, s.payload::text AS payload, s.stored
FROM lrs.statement s
WHERE s.registration = $6
  AND ($9::bigint IS NULL OR s.seq {after} $9)
  AND NOT s.voided
  AND ($3::text IS NULL OR s.verb_id = $3)
  AND ($7::timestamptz IS NULL OR s.stored > $7)
  AND ($8::timestamptz IS NULL OR s.stored <= $8)
  AND ($11::uuid IS NULL OR s.authority_org = $11)
  AND ($1::uuid IS NULL OR EXISTS (
        SELECT 1 FROM lrs.statement_agent a
        WHERE a.agent_hash = $1 AND a.statement_seq = s.seq AND ($2::boolean OR a.relation IN ('actor', 'object'))))
  AND ($4::text IS NULL OR EXISTS (
        SELECT 1 FROM lrs.statement_activity x
        WHERE x.activity_hash = $12 AND x.statement_seq = s.seq AND ($5::boolean OR x.relation = 'object')))
ORDER BY s.seq {order}
LIMIT $10
