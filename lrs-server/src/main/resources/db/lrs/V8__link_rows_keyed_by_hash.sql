-- The link tables are keyed by a 16-byte hash of the agent key or activity IRI instead of the text:
-- IRIs run to 60-100 characters, so each link row's primary key entry was three times the size, and
-- the link rows were more than half of what storing a statement cost PostgreSQL (inserts at random
-- places in wide indexes). The hash is the first 16 bytes of SHA-256 over the UTF-8 text, as a uuid
-- (org.ahphub.lrs.store.pg.LinkKeys computes the same); two different keys sharing one would take
-- finding a SHA-256 collision. Rebuilt by copying, then indexed once, which is faster than altering in place.
CREATE TABLE statement_agent_hashed (
  agent_hash     uuid NOT NULL,
  statement_seq  bigint NOT NULL,
  relation       text NOT NULL                   -- actor, object, context, authority, sub
);
INSERT INTO statement_agent_hashed (agent_hash, statement_seq, relation)
SELECT encode(substring(sha256(convert_to(agent_key, 'UTF8')) FROM 1 FOR 16), 'hex')::uuid, statement_seq, relation
FROM statement_agent;
DROP TABLE statement_agent;
ALTER TABLE statement_agent_hashed RENAME TO statement_agent;
ALTER TABLE statement_agent ADD PRIMARY KEY (agent_hash, statement_seq, relation);
CREATE INDEX statement_agent_direct ON statement_agent (agent_hash, statement_seq) WHERE relation IN ('actor', 'object');

CREATE TABLE statement_activity_hashed (
  activity_hash  uuid NOT NULL,
  statement_seq  bigint NOT NULL,
  relation       text NOT NULL                   -- object, parent, grouping, category, other, sub
);
INSERT INTO statement_activity_hashed (activity_hash, statement_seq, relation)
SELECT encode(substring(sha256(convert_to(activity_id, 'UTF8')) FROM 1 FOR 16), 'hex')::uuid, statement_seq, relation
FROM statement_activity;
DROP TABLE statement_activity;
ALTER TABLE statement_activity_hashed RENAME TO statement_activity;
ALTER TABLE statement_activity ADD PRIMARY KEY (activity_hash, statement_seq, relation);
ANALYZE statement_agent;
ANALYZE statement_activity;
