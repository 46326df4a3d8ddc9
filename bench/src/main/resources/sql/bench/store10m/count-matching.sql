-- How many statements of organisation $1 a filter matches, for checking what paging through the LRS returned:
-- $2 actor key hash (or null), $3 verb (or null), $4 stored after (or null), $5 stored at or before (or null).
SELECT count(*) AS matching, coalesce(array_agg(s.id::text ORDER BY s.seq DESC), '{}') AS ids
FROM lrs.statement s
WHERE s.authority_org = $1 AND NOT s.voided
  AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM lrs.statement_agent a
                                   WHERE a.agent_hash = $2 AND a.statement_seq = s.seq AND a.relation IN ('actor', 'object')))
  AND ($3::text IS NULL OR s.verb_id = $3)
  AND ($4::timestamptz IS NULL OR s.stored > $4)
  AND ($5::timestamptz IS NULL OR s.stored <= $5)
