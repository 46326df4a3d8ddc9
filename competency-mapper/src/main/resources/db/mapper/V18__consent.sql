-- Consent, not self-declaration (issue 16). A relationship an organisation records is a proposal until the
-- person accepts it; only accepted, current relationships and live grants let an organisation see a person.
-- Relationships recorded before this version were never agreed by anyone: they become proposals.
ALTER TABLE relationship
  ADD COLUMN status     text NOT NULL DEFAULT 'proposed'
                        CHECK (status IN ('proposed', 'accepted', 'declined')),
  ADD COLUMN decided_at timestamptz;
CREATE INDEX relationship_accepted ON relationship (person_id, organisation_id) WHERE status = 'accepted';

-- What a grant lets the organisation see: the passport (with its gaps and events) and, separately, the
-- person's verifiable credentials. Grants made before this version allowed both.
ALTER TABLE person_grant
  ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['passport', 'credentials']
                   CHECK (scopes <@ ARRAY['passport', 'credentials'] AND cardinality(scopes) > 0),
  ADD COLUMN share_code_id uuid;

-- A code the person gives to an organisation they have no relationship with yet; the first organisation
-- to redeem it gets a grant with the code's scopes and expiry. Stored as SHA-256, shown to the person once.
CREATE TABLE share_code (
  id           uuid PRIMARY KEY,
  code_hash    text NOT NULL UNIQUE,
  person_id    uuid NOT NULL,
  scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['passport', 'credentials'] AND cardinality(scopes) > 0),
  grant_days   int NOT NULL CHECK (grant_days BETWEEN 1 AND 365),
  expires_at   timestamptz NOT NULL,
  redeemed_by  uuid,
  redeemed_at  timestamptz,
  revoked_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX share_code_person ON share_code (person_id);
