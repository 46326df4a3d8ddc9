-- Filtered query: statements matching the filters, and statements whose StatementRef targets a
-- matching statement (xAPI: filters apply to the targets of statement references; the target may be voided).
-- $1 agent key, $2 related agents, $3 verb, $4 activity, $5 related activities, $6 registration,
-- $7 since, $8 until, $9 cursor (seq), $10 limit, $11 authority organisation (null = all)
SELECT seq, payload, stored FROM (
  (SELECT s.seq, s.payload, s.stored
   FROM lrs.statement s
   WHERE NOT s.voided
     AND ($9::bigint IS NULL OR s.seq > $9)
     AND ($7::timestamptz IS NULL OR s.stored > $7)
     AND ($8::timestamptz IS NULL OR s.stored <= $8)
     AND ($11::uuid IS NULL OR s.authority_org = $11)
     AND ($3::text IS NULL OR s.verb_id = $3)
     AND ($6::uuid IS NULL OR s.registration = $6)
     AND ($1::text IS NULL OR EXISTS (
           SELECT 1 FROM lrs.statement_agent a
           WHERE a.agent_key = $1 AND a.statement_seq = s.seq AND ($2::boolean OR a.relation IN ('actor', 'object'))))
     AND ($4::text IS NULL OR EXISTS (
           SELECT 1 FROM lrs.statement_activity x
           WHERE x.activity_id = $4 AND x.statement_seq = s.seq AND ($5::boolean OR x.relation = 'object')))
   ORDER BY s.seq ASC
   LIMIT $10)
  UNION
  (SELECT s.seq, s.payload, s.stored
   FROM lrs.statement s
   JOIN lrs.statement t ON t.id = s.ref_id
   WHERE s.ref_id IS NOT NULL
     AND NOT s.voided
     AND ($9::bigint IS NULL OR s.seq > $9)
     AND ($7::timestamptz IS NULL OR s.stored > $7)
     AND ($8::timestamptz IS NULL OR s.stored <= $8)
     AND ($11::uuid IS NULL OR s.authority_org = $11)
     AND ($3::text IS NULL OR t.verb_id = $3)
     AND ($6::uuid IS NULL OR t.registration = $6)
     AND ($1::text IS NULL OR EXISTS (
           SELECT 1 FROM lrs.statement_agent a
           WHERE a.agent_key = $1 AND a.statement_seq = t.seq AND ($2::boolean OR a.relation IN ('actor', 'object'))))
     AND ($4::text IS NULL OR EXISTS (
           SELECT 1 FROM lrs.statement_activity x
           WHERE x.activity_id = $4 AND x.statement_seq = t.seq AND ($5::boolean OR x.relation = 'object')))
   ORDER BY s.seq ASC
   LIMIT $10)
) matched
ORDER BY seq ASC
LIMIT $10
