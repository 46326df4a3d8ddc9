-- Joining two people's records becomes reversible and something the person can do (issue 16, "Identifiers with
-- provenance").
--
-- Evidence records the identifier its statement named the person by, so that undoing a merge splits the
-- evidence back by identifier. Rows written before this version are given it when their person holds exactly
-- one identifier (every statement of theirs named it); the others stay unknown (null) and stay with the
-- survivor when a merge is undone.
ALTER TABLE evidence ADD COLUMN identifier_key text;
UPDATE evidence e SET identifier_key = single.identifier_key
FROM (SELECT person_id, min(identifier_key) AS identifier_key
      FROM person_identifier GROUP BY person_id HAVING count(*) = 1) single
WHERE e.person_id = single.person_id;
COMMENT ON COLUMN evidence.identifier_key IS
  'the identifier (org.ahphub.xapi.Actors key) the crediting statement named the person by; null: unknown';

-- Every merge, who made it, and what the merged person held then: undoing it gives the merged person back its
-- id, its identifiers, the evidence that came in under them, the consent recorded against it (relationships,
-- grants and share codes, by id) and its passport version (so subscribers that keep the highest version per
-- person see the restored passport move on, not start again).
CREATE TABLE person_merge (
  id                      uuid PRIMARY KEY,
  survivor_id             uuid NOT NULL REFERENCES person (id),
  merged_id               uuid NOT NULL REFERENCES person (id),
  identifier_keys         text[] NOT NULL,
  merged_passport_version bigint NOT NULL DEFAULT 0,
  moved_consent           jsonb NOT NULL DEFAULT '{}',
  merged_by               text NOT NULL CHECK (merged_by IN ('operator', 'person', 'organisation')),
  organisation_id         uuid,
  merged_at               timestamptz NOT NULL DEFAULT now(),
  undone_at               timestamptz
);
-- A person is merged away at most once at a time.
CREATE UNIQUE INDEX person_merge_open ON person_merge (merged_id) WHERE undone_at IS NULL;
CREATE INDEX person_merge_survivor ON person_merge (survivor_id);

-- A claim code: an organisation vouches that whoever holds the code is the person it knows by one of its own
-- identifiers (an account on its home page). A person signed in to the hub redeems it to join that record to
-- their own. Only the code's SHA-256 is kept; it is used once and expires.
CREATE TABLE claim_code (
  id               uuid PRIMARY KEY,
  code_hash        text NOT NULL UNIQUE,
  identifier_key   text NOT NULL,
  organisation_id  uuid NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  redeemed_at      timestamptz,
  redeemed_by      uuid
);
CREATE INDEX claim_code_organisation ON claim_code (organisation_id, created_at);
