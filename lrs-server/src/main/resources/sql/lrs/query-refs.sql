-- With a filter, statements whose StatementRef targets a matching statement match too (xAPI: filters
-- apply to the targets of statement references; the target may be voided). Driven by the partial index
-- statement_ref (ref_id, seq): only statements that refer to another are read.
-- $1 agent key hash, $2 related agents, $3 verb, $4 activity, $5 related activities, $6 registration,
-- $7 since, $8 until, $9 cursor (seq), $10 limit, $11 authority organisation (null = all),
-- $12 activity id hash (both hashes: LinkKeys in the pg store).
-- {order} is ASC or DESC and {after} is > or < (the paging direction), fixed when the query is loaded.
SELECT s.seq, s.payload::text AS payload, s.stored
FROM lrs.statement s
JOIN lrs.statement t ON t.id = s.ref_id
WHERE s.ref_id IS NOT NULL
  AND NOT s.voided
  AND ($9::bigint IS NULL OR s.seq {after} $9)
  AND ($7::timestamptz IS NULL OR s.stored > $7)
  AND ($8::timestamptz IS NULL OR s.stored <= $8)
  AND ($11::uuid IS NULL OR s.authority_org = $11)
  AND ($3::text IS NULL OR t.verb_id = $3)
  AND ($6::uuid IS NULL OR t.registration = $6)
  AND ($1::uuid IS NULL OR EXISTS (
        SELECT 1 FROM lrs.statement_agent a
        WHERE a.agent_hash = $1 AND a.statement_seq = t.seq AND ($2::boolean OR a.relation IN ('actor', 'object'))))
  AND ($4::text IS NULL OR EXISTS (
        SELECT 1 FROM lrs.statement_activity x
        WHERE x.activity_hash = $12 AND x.statement_seq = t.seq AND ($5::boolean OR x.relation = 'object')))
ORDER BY s.seq {order}
LIMIT $10
