-- Learner competency state, rebuilt only from lrs.statements events.
CREATE TABLE processed_event (
  event_id      uuid PRIMARY KEY,                -- the statement id: a redelivered event changes nothing
  processed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE person (
  id          uuid PRIMARY KEY,                  -- opaque and stable; never an e-mail address
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE person_identifier (
  identifier_key  text PRIMARY KEY,              -- org.ahphub.xapi.Actors identifier key
  person_id       uuid NOT NULL REFERENCES person (id)
);
CREATE INDEX person_identifier_person ON person_identifier (person_id);

CREATE TABLE passport (
  person_id   uuid PRIMARY KEY REFERENCES person (id),
  version     bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per piece of evidence: a competency x stage is held while it has at least one.
CREATE TABLE evidence (
  person_id            uuid NOT NULL REFERENCES person (id),
  competency_number    text NOT NULL,
  stage                text NOT NULL,
  statement_id         uuid NOT NULL,
  rule_id              text NOT NULL,
  rule_version         int NOT NULL,
  source_organisation  text,
  evidence_kind        text NOT NULL,
  achieved_at          timestamptz NOT NULL,
  credited_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, competency_number, stage, statement_id)
);
CREATE INDEX evidence_statement ON evidence (statement_id);

-- Statements voided so far, so a void that arrives before its statement still wins.
CREATE TABLE voided_statement (
  statement_id  uuid PRIMARY KEY,
  voided_by     uuid NOT NULL
);

CREATE TABLE outbox (
  seq           bigserial PRIMARY KEY,
  topic         text NOT NULL,
  event_key     text NOT NULL,
  event         jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
