-- Link rows carry their statement's organisation, first in their keys (issue 20). Every statement query reads one
-- organisation's statements (V9), but on (hash, seq) a learner, course or curriculum that only other organisations
-- store made the query read each of their link rows and its statement (one heap page each) to return nothing: on
-- ten million statements 27 ms, 0.7 s and 4 s, against 3 ms for one that matches nothing at all. Besides the cost,
-- that difference told a caller that another organisation holds someone or something with that id. Led by the
-- organisation, a query reads its own organisation's rows only.
--
-- Rebuilt by copy, as V8 did, rather than updated in place: one pass, no dead rows. Rows whose statement is gone
-- (an erasure before this version leaves activity rows behind) are not copied.
CREATE TABLE statement_agent_org (
  authority_org  uuid NOT NULL,
  agent_hash     uuid NOT NULL,
  statement_seq  bigint NOT NULL,
  relation       text NOT NULL                   -- actor, object, context, authority, sub
);
INSERT INTO statement_agent_org (authority_org, agent_hash, statement_seq, relation)
SELECT s.authority_org, a.agent_hash, a.statement_seq, a.relation
FROM statement_agent a JOIN statement s ON s.seq = a.statement_seq;
DROP TABLE statement_agent;
ALTER TABLE statement_agent_org RENAME TO statement_agent;
ALTER TABLE statement_agent ADD CONSTRAINT statement_agent_pkey
  PRIMARY KEY (authority_org, agent_hash, statement_seq, relation);
CREATE INDEX statement_agent_direct ON statement_agent (authority_org, agent_hash, statement_seq)
  WHERE relation IN ('actor', 'object');

CREATE TABLE statement_activity_org (
  authority_org  uuid NOT NULL,
  activity_hash  uuid NOT NULL,
  statement_seq  bigint NOT NULL,
  relation       text NOT NULL                   -- object, parent, grouping, category, other, sub
);
INSERT INTO statement_activity_org (authority_org, activity_hash, statement_seq, relation)
SELECT s.authority_org, x.activity_hash, x.statement_seq, x.relation
FROM statement_activity x JOIN statement s ON s.seq = x.statement_seq;
DROP TABLE statement_activity;
ALTER TABLE statement_activity_org RENAME TO statement_activity;
ALTER TABLE statement_activity ADD CONSTRAINT statement_activity_pkey
  PRIMARY KEY (authority_org, activity_hash, statement_seq, relation);
ANALYZE statement_agent;
ANALYZE statement_activity;

-- Erasure looks a person up by their link hashes in every organisation: these are the organisations that hold link
-- rows, read by skipping through the key (a loose index scan: one probe per organisation, not one per row).
CREATE FUNCTION link_organisations() RETURNS uuid[] LANGUAGE sql STABLE AS $$
  WITH RECURSIVE org (id) AS (
    (SELECT authority_org FROM lrs.statement_agent ORDER BY authority_org LIMIT 1)
    UNION ALL
    SELECT (SELECT a.authority_org FROM lrs.statement_agent a WHERE a.authority_org > org.id
            ORDER BY a.authority_org LIMIT 1)
    FROM org WHERE org.id IS NOT NULL
  )
  SELECT coalesce(array_agg(id) FILTER (WHERE id IS NOT NULL), '{}') FROM org
$$;
