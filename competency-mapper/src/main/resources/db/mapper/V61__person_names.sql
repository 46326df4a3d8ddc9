-- Display names people are known by (issue 18): the actor.name of their statements, one row per identifier and
-- organisation that stated it, the latest statement's name winning. Personal data: kept in this table only (never
-- in events or logs), keyed by person so that erasing a person deletes their rows. person_id is the person that
-- held the identifier when the name was recorded; readers follow merges through person_identifier.
CREATE TABLE person_name (
  identifier_key   text NOT NULL,         -- the identifier the statement named the person by
  organisation_id  uuid NOT NULL,         -- who said it: the organisation whose LRS store holds the statement
  person_id        uuid NOT NULL,
  source           text,                  -- the statement authority's name, as evidence shows it
  name             text NOT NULL,
  stated_at        timestamptz NOT NULL,  -- the statement's timestamp
  statement_id     uuid NOT NULL,         -- the id the organisation posted
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (identifier_key, organisation_id)
);
CREATE INDEX person_name_person ON person_name (person_id);
