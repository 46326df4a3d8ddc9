-- Organisations (trusts, training providers, e-learning platforms) and the credentials they use.
CREATE TABLE organisation (
  id          uuid PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  home_page   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE credential (
  key              text PRIMARY KEY,
  organisation_id  uuid NOT NULL REFERENCES organisation (id),
  -- PBKDF2-HMAC-SHA256, "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>": the secret itself is never stored.
  secret_hash      text NOT NULL,
  scopes           text[] NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  revoked_at       timestamptz
);

CREATE INDEX credential_organisation ON credential (organisation_id);
