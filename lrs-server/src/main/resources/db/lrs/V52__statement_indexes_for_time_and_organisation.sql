-- Filtered statement queries on a store of ten million statements (issue 20: p95 under 10 ms; the benchmark
-- LrsFilteredGetBenchmark, docs/benchmarks.md) read only the index entries they return, also for `since`, `until`
-- and in a store shared by many organisations.
--
-- `stored` with seq: query-statements.sql turns since and until into a seq range with one probe each ("the last
-- statement stored at or before since": ORDER BY stored DESC, seq DESC LIMIT 1); on `stored` alone that probe read
-- every statement of the last stamp, and the time filters were checked row by row.
DROP INDEX statement_stored;
CREATE INDEX statement_stored ON statement (stored, seq);

-- Verb, and verb with activity, per organisation: every query reads one organisation's statements (V9), and on
-- (verb_id, seq) a verb that only other organisations send (a platform's own verb) read all of their statements
-- with it, one heap row each, to return none; a verb common elsewhere but rare in the caller's store read most of
-- the others' before each page. Same names, so nothing else changes.
DROP INDEX statement_verb;
CREATE INDEX statement_verb ON statement (authority_org, verb_id, seq);
DROP INDEX statement_verb_activity;
CREATE INDEX statement_verb_activity ON statement (authority_org, verb_id, object_activity_id, seq)
  WHERE object_activity_id IS NOT NULL;
