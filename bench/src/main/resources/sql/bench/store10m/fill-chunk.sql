-- Stores generated statements $1..$2 (seqs) exactly as the LRS's store-statements.sql stores a statement: the
-- statement row (payload as the LRS completes it: id, stored, authority, version), its agent and activity link rows
-- (hashed as LinkKeys), in one SQL statement, and records the chunk as done in the same transaction.
-- $3 statements in all, $4 the first `stored` (ms since the epoch), $5 the span of `stored` (ms), $6 learners,
-- $7 sessions per window.
--
-- Shape of the history: seq i's `stored` grows linearly over the span (non-decreasing in seq, as LRS V51 keeps it);
-- statements come in sessions of eight (one learner, one module, one registration: launched … terminated), and
-- sessions are interleaved: a window of 8 x $7 consecutive seqs holds $7 sessions, each session's statements
-- $7 seqs apart. A session's learner is drawn with a skew (learner n's share falls as n^-1/3: the busiest has about
-- 45 times the median's statements); 80% of sessions take a shared e-LfH module (popular ones more often), 20% one of
-- the learner's organisation's own courses; 12% of the assessments fail. Ids are version 7 UUIDs of `stored`, as
-- the LRS makes them. Every draw is a hash of the session or statement number, so a fill is the same every time.
WITH slots AS (
  SELECT i AS seq,
         ((i - 1) / (8 * $7::bigint)) * $7::bigint + (i - 1) % $7::bigint AS session,
         (((i - 1) / $7::bigint) % 8)::int AS position,
         $4::bigint + ((i - 1) * $5::bigint) / $3::bigint AS stored_ms,
         md5('statement/' || i) AS ih
  FROM generate_series($1::bigint, $2::bigint) i
), drawn AS (
  SELECT s.*, md5('session/' || s.session) AS sh FROM slots s
), chosen AS (
  SELECT d.seq, d.position, d.stored_ms, d.ih,
         least($6::int - 1, floor($6::int * power(('x' || substr(d.sh, 1, 8))::bit(32)::bigint / 4294967296.0, 1.5)))::int
           AS learner,
         ('x' || substr(d.sh, 9, 8))::bit(32)::bigint / 4294967296.0 AS u_local,
         ('x' || substr(d.sh, 17, 8))::bit(32)::bigint / 4294967296.0 AS u_module,
         ('x' || substr(d.sh, 25, 8))::bit(32)::bigint / 4294967296.0 < 0.12 AS fail,
         md5('registration/' || d.session)::uuid AS registration
  FROM drawn d
), g AS MATERIALIZED (
  SELECT c.seq, c.ih, c.registration, c.fail,
         (lpad(to_hex(c.stored_ms), 12, '0') || '7' || substr(c.ih, 1, 3) || '8' || substr(c.ih, 4, 15))::uuid AS id,
         'epoch'::timestamptz + c.stored_ms * interval '1 millisecond' AS stored,
         to_char(('epoch'::timestamptz + c.stored_ms * interval '1 millisecond') AT TIME ZONE 'UTC',
                 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS stored_text,
         to_char(('epoch'::timestamptz + (c.stored_ms - ('x' || substr(c.ih, 20, 4))::bit(16)::int % 5000)
                  * interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS timestamp_text,
         round((('x' || substr(c.ih, 24, 4))::bit(16)::int % 101) / 100.0, 2) AS scaled,
         l.actor, l.agent_key, l.agent_hash,
         m.iri AS module_iri, m.object AS module_object, m.hash AS module_hash, m.programme_iri, m.programme_hash,
         m.category_iri, m.category_hash,
         t.seq AS template_seq, o.id AS org_id, o.credential_key
  FROM chosen c
  JOIN bench.learner l ON l.n = c.learner
  JOIN bench.module m ON m.n = CASE WHEN c.u_local < 0.8 THEN floor(300 * c.u_module * c.u_module)::int
                                    ELSE 300 + l.org * 50 + floor(50 * c.u_module)::int END
  JOIN bench.script sc ON sc.org = l.org AND sc.position = c.position AND sc.fail = c.fail
  JOIN bench.template t ON t.org = l.org AND t.verb_id = sc.verb_id
  JOIN bench.organisation o ON o.n = l.org
), statements AS (
  INSERT INTO lrs.statement (seq, id, stored, payload, learner_key, verb_id, object_activity_id, registration, voids,
                             authority_org, authority_key, ref_id, traceparent)
  SELECT g.seq, g.id, g.stored,
         jsonb_set(t.payload || jsonb_build_object(
             'id', g.id::text, 'actor', g.actor, 'object', g.module_object,
             'timestamp', g.timestamp_text, 'stored', g.stored_text,
             'context', (t.payload -> 'context') || jsonb_build_object(
                 'registration', g.registration::text,
                 'contextActivities', (t.payload #> '{context,contextActivities}') || jsonb_build_object(
                     'parent', jsonb_build_array(jsonb_build_object('id', g.programme_iri)),
                     'category', jsonb_build_array(jsonb_build_object('id', g.category_iri))))),
           '{result,score,scaled}', to_jsonb(g.scaled::float8), false),
         g.agent_key, t.verb_id, g.module_iri, g.registration, NULL, g.org_id, g.credential_key, NULL,
         '00-' || md5('trace/' || g.seq) || '-' || substr(g.ih, 17, 16) || '-01'
  FROM g JOIN bench.template t ON t.seq = g.template_seq
  ORDER BY g.seq
), agents AS (
  INSERT INTO lrs.statement_agent (authority_org, agent_hash, statement_seq, relation)
  SELECT g.org_id, CASE ta.role WHEN 'actor' THEN g.agent_hash ELSE ta.agent_hash END, g.seq, ta.relation
  FROM g JOIN bench.template_agent ta ON ta.template_seq = g.template_seq
), activities AS (
  INSERT INTO lrs.statement_activity (authority_org, activity_hash, statement_seq, relation)
  SELECT g.org_id, CASE tx.role WHEN 'object' THEN g.module_hash WHEN 'parent' THEN g.programme_hash
                      WHEN 'category' THEN g.category_hash ELSE tx.activity_hash END, g.seq, tx.relation
  FROM g JOIN bench.template_activity tx ON tx.template_seq = g.template_seq
), progress AS (
  INSERT INTO bench.fill_done (first_seq) VALUES ($1::bigint)
)
SELECT count(*) AS generated FROM g
