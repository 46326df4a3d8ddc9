-- $1 agent key hash, $2 related agents, $3 verb, $4 activity, $5 related activities, $6 registration,
-- $7 since, $8 until, $9 cursor (seq), $10 limit, $11 authority organisation (null = all),
-- $12 activity id hash (both hashes: LinkKeys in the pg store)
SELECT s.seq, s.payload::text AS payload, s.stored
FROM lrs.statement s
WHERE NOT s.voided
  AND ($9::bigint IS NULL OR s.seq > $9)
  AND ($3::text IS NULL OR s.verb_id = $3)
  AND ($6::uuid IS NULL OR s.registration = $6)
  AND ($7::timestamptz IS NULL OR s.stored > $7)
  AND ($8::timestamptz IS NULL OR s.stored <= $8)
  AND ($11::uuid IS NULL OR s.authority_org = $11)
  AND ($1::uuid IS NULL OR EXISTS (
        SELECT 1 FROM lrs.statement_agent a
        WHERE a.agent_hash = $1 AND a.statement_seq = s.seq AND ($2::boolean OR a.relation IN ('actor', 'object'))))
  AND ($4::text IS NULL OR EXISTS (
        SELECT 1 FROM lrs.statement_activity t
        WHERE t.activity_hash = $12 AND t.statement_seq = s.seq AND ($5::boolean OR t.relation = 'object')))
ORDER BY s.seq ASC
LIMIT $10
