-- Which identifiers belong to one person, as the competency mapper links them, kept from its
-- passport.identities events (the LRS does not read the mapper's tables). The Agents resource combines
-- a person's identifiers from here; an identifier not in this table is a person of its own.
CREATE TABLE person_identifier (
  identifier_key    text PRIMARY KEY,       -- org.ahphub.xapi.Actors identifier key
  person_id         uuid NOT NULL,          -- the mapper's opaque person id
  identifier        jsonb NOT NULL,         -- the xAPI identifier as published, e.g. {"account": {...}}
  identity_version  bigint NOT NULL,        -- of the event that wrote the row: an older event never overwrites it
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_identifier_person ON person_identifier (person_id);
