-- Each statement is stored once with its full payload; link tables index who and what it is about,
-- so every filter of the statements query is an index range scan.
CREATE TABLE statement (
  seq            bigserial PRIMARY KEY,          -- insertion order: the keyset for paging
  id             uuid NOT NULL UNIQUE,
  stored         timestamptz NOT NULL,
  payload        jsonb NOT NULL,
  learner_key    text NOT NULL,
  verb_id        text NOT NULL,
  object_activity_id text,
  registration   uuid,
  voids          uuid,                           -- set on a voiding statement: the id it voids
  voided         boolean NOT NULL DEFAULT false,
  authority_org  uuid NOT NULL,
  authority_key  text NOT NULL
);
CREATE INDEX statement_stored ON statement (stored);
CREATE INDEX statement_verb ON statement (verb_id, seq);
CREATE INDEX statement_registration ON statement (registration, seq) WHERE registration IS NOT NULL;
CREATE INDEX statement_authority ON statement (authority_org, seq);

CREATE TABLE statement_agent (
  agent_key      text NOT NULL,
  statement_seq  bigint NOT NULL REFERENCES statement (seq),
  relation       text NOT NULL,                  -- actor, object, instructor, team, authority, context, sub
  PRIMARY KEY (agent_key, statement_seq, relation)
);
CREATE INDEX statement_agent_statement ON statement_agent (statement_seq);

CREATE TABLE statement_activity (
  activity_id    text NOT NULL,
  statement_seq  bigint NOT NULL REFERENCES statement (seq),
  relation       text NOT NULL,                  -- object, parent, grouping, category, other, sub
  PRIMARY KEY (activity_id, statement_seq, relation)
);
CREATE INDEX statement_activity_statement ON statement_activity (statement_seq);

CREATE TABLE outbox (
  seq           bigserial PRIMARY KEY,
  topic         text NOT NULL,
  event_key     text NOT NULL,
  event         jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
