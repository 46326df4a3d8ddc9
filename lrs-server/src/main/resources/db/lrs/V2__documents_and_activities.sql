-- Document resources (State, Activity Profile, Agent Profile) and canonical activity definitions.
-- A document is addressed by its kind and the parameters that identify it; absent parameters are ''
-- so that one unique key covers every kind.
CREATE TABLE document (
  kind           text NOT NULL,                  -- state, activity_profile, agent_profile
  activity_id    text NOT NULL,                  -- '' for agent profiles
  agent_key      text NOT NULL,                  -- identifier key (Actors.identifierKey); '' for activity profiles
  registration   text NOT NULL,                  -- uuid text or '' (state only)
  document_id    text NOT NULL,                  -- stateId / profileId
  content        bytea NOT NULL,
  content_type   text NOT NULL,
  etag           text NOT NULL,                  -- SHA-1 hex of the content
  updated        timestamptz NOT NULL,
  PRIMARY KEY (kind, activity_id, agent_key, registration, document_id)
);
CREATE INDEX document_updated ON document (kind, activity_id, agent_key, registration, updated);

-- The canonical definition of each activity, merged from every statement that defines it.
CREATE TABLE activity (
  id          text PRIMARY KEY,
  definition  jsonb NOT NULL,
  updated     timestamptz NOT NULL
);

-- A statement whose object is a StatementRef (voiding statements included) points at its target, so
-- filtered queries also return the statements that refer to a matching statement.
ALTER TABLE statement ADD COLUMN ref_id uuid;
CREATE INDEX statement_ref ON statement (ref_id, seq) WHERE ref_id IS NOT NULL;

-- Attachment content sent with statements (multipart/mixed), stored once per SHA-256.
CREATE TABLE attachment (
  sha2          text PRIMARY KEY,
  content_type  text NOT NULL,
  content       bytea NOT NULL
);
