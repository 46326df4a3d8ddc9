-- The statements list query: one template for every filter and paging direction. A driver (listed
-- below the template) names the index whose rows, in seq order, drive the scan: the most selective
-- filter given (registration, agent, verb and object activity, activity, verb), so every filtered
-- query is an index range scan that stops when the page is full; the other filters are checked per
-- statement. PgStatementStore chooses the driver; StatementQueries makes one query per driver and
-- direction when it loads this file:
--   {distinct} {from} {drive} {seq}  from the driver (DISTINCT ON for link-table drivers, where one
--                                    statement may have several rows);
--   {t}                              the statement the filters apply to: s itself, or for "refs" the
--                                    target t of s's StatementRef (xAPI: filters apply to the targets of
--                                    statement references; the target may be voided);
--   {order} {after}                  ASC and > or DESC and < (the paging direction);
--   a line ending "-- unless NAME"   is left out for a driver that covers NAME (its index already holds it).
-- $1 agent key hash, $2 related agents, $3 verb, $4 activity, $5 related activities, $6 registration,
-- $7 since, $8 until (stored after, at or before), $9 cursor (seq), $10 limit, $11 the caller's organisation (each reads its own
-- statements only), $12 activity id hash (both hashes: LinkKeys in the pg store), $13 the credential
-- whose statements alone are read (statements/read/mine; null: the whole organisation's).
-- since and until are seq ranges: `stored` does not decrease in seq order (V51 stamps each transaction's statements
-- with its seqs in one critical section; consistent-through.sql relies on the same), so the statements stored after
-- `since` are exactly those after the last one stored at or before it, and those stored at or before `until` exactly
-- those before the first one stored after it. Each bound is one probe of statement_stored (stored, seq). As a range
-- of the driver's own index the scan stops when the page is full; compared with `stored` row by row, an `until` far
-- back read every newer statement first, and a `since` made the planner read every statement since then through
-- statement_stored and sort them, whatever the page size.
-- Only statements below the commit-order watermark are read (ahp.lrs_watermark, left by consistent-through.sql
-- just before on the same connection; unset, nothing is read): a page, in either direction, never shows a
-- statement above one whose transaction is still open, so a `more` link never passes one that commits later.
SELECT {distinct} s.seq, s.payload::text AS payload, s.stored
FROM {from}
WHERE {drive}
  AND ($9::bigint IS NULL OR {seq} {after} $9)
  AND ($7::timestamptz IS NULL OR {seq} > coalesce((SELECT b.seq FROM lrs.statement b WHERE b.stored <= $7
        ORDER BY b.stored DESC, b.seq DESC LIMIT 1), 0))
  AND ($8::timestamptz IS NULL OR {seq} < coalesce((SELECT b.seq FROM lrs.statement b WHERE b.stored > $8
        ORDER BY b.stored, b.seq LIMIT 1), 9223372036854775807))
  AND {seq} < current_setting('ahp.lrs_watermark', true)::bigint
  AND NOT s.voided
  AND s.authority_org = $11
  AND ($13::text IS NULL OR s.authority_key = $13)
  AND ($3::text IS NULL OR {t}.verb_id = $3)                                        -- unless verb
  AND ($6::uuid IS NULL OR {t}.registration = $6)                                   -- unless registration
  AND ($1::uuid IS NULL OR EXISTS (                                                 -- unless agent
        SELECT 1 FROM lrs.statement_agent fa                                        -- unless agent
        WHERE fa.authority_org = $11 AND fa.agent_hash = $1                         -- unless agent
          AND fa.statement_seq = {t}.seq                                            -- unless agent
          AND ($2::boolean OR fa.relation IN ('actor', 'object'))))                 -- unless agent
  AND ($4::text IS NULL OR EXISTS (                                                 -- unless activity
        SELECT 1 FROM lrs.statement_activity fx                                     -- unless activity
        WHERE fx.authority_org = $11 AND fx.activity_hash = $12                     -- unless activity
          AND fx.statement_seq = {t}.seq                                            -- unless activity
          AND ($5::boolean OR fx.relation = 'object')))                             -- unless activity
ORDER BY {seq} {order}
LIMIT $10

-- The drivers, one "-- driver NAME covers [NAMES]" line each followed by its "--   key: value" lines.
-- driver all covers []
--   from: lrs.statement s
--   drive: true
-- driver registration covers [registration]
--   from: lrs.statement s
--   drive: s.registration = $6
-- driver agent covers [agent]
--   distinct: DISTINCT ON (a.statement_seq)
--   from: lrs.statement_agent a JOIN lrs.statement s ON s.seq = a.statement_seq
--   drive: a.authority_org = $11 AND a.agent_hash = $1 AND NOT $2::boolean AND a.relation IN ('actor', 'object')
--   seq: a.statement_seq
-- driver related_agent covers [agent]
--   distinct: DISTINCT ON (a.statement_seq)
--   from: lrs.statement_agent a JOIN lrs.statement s ON s.seq = a.statement_seq
--   drive: a.authority_org = $11 AND a.agent_hash = $1 AND $2::boolean
--   seq: a.statement_seq
-- driver verb_activity covers [verb, activity]
--   from: lrs.statement s
--   drive: s.verb_id = $3 AND s.object_activity_id = $4 AND $12::uuid IS NOT NULL AND NOT $5::boolean
-- driver activity covers [activity]
--   distinct: DISTINCT ON (x.statement_seq)
--   from: lrs.statement_activity x JOIN lrs.statement s ON s.seq = x.statement_seq
--   drive: x.authority_org = $11 AND x.activity_hash = $12 AND ($5::boolean OR x.relation = 'object')
--   seq: x.statement_seq
-- driver verb covers [verb]
--   from: lrs.statement s
--   drive: s.verb_id = $3
-- driver refs covers []
--   from: lrs.statement s JOIN lrs.statement t ON t.authority_org = s.authority_org AND t.id = s.ref_id
--   drive: s.ref_id IS NOT NULL AND ($13::text IS NULL OR t.authority_key = $13)
--   target: t
