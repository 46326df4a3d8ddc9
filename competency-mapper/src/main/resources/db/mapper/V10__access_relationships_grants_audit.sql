-- Who may see whose passport: relationships an organisation records (employment, enrolment) and
-- grants a person gives. A relationship may name a person id or an xAPI identifier key that is
-- resolved through person_identifier, so staff can be linked before their first statement arrives.
CREATE TABLE relationship (
  id               uuid PRIMARY KEY,
  organisation_id  uuid NOT NULL,
  person_id        uuid,
  identifier_key   text,
  kind             text NOT NULL CHECK (kind IN ('employment', 'enrolment')),
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (person_id IS NOT NULL OR identifier_key IS NOT NULL),
  CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
CREATE INDEX relationship_person ON relationship (person_id, organisation_id);
CREATE INDEX relationship_identifier ON relationship (identifier_key, organisation_id);
CREATE INDEX relationship_organisation ON relationship (organisation_id);

CREATE TABLE person_grant (
  id               uuid PRIMARY KEY,
  person_id        uuid NOT NULL,
  organisation_id  uuid NOT NULL,
  expires_at       timestamptz NOT NULL,
  revoked_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_grant_person ON person_grant (person_id, organisation_id);

-- A person's own way in: opaque bearer tokens, stored as SHA-256 (they carry 256 random bits).
CREATE TABLE learner_token (
  token_hash  text PRIMARY KEY,
  person_id   uuid NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learner_token_person ON learner_token (person_id);

-- Every read of a passport or its credentials by an organisation and every webhook delivery.
CREATE TABLE audit_event (
  seq              bigserial PRIMARY KEY,
  person_id        uuid NOT NULL,
  organisation_id  uuid,
  organisation     text,
  action           text NOT NULL,
  detail           jsonb NOT NULL DEFAULT '{}'::jsonb,
  at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_event_person ON audit_event (person_id, seq);
