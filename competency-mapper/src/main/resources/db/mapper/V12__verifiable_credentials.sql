-- Signing keys for verifiable credentials (ES256). Retired keys stay in the JWKS for verification.
CREATE TABLE signing_key (
  kid          text PRIMARY KEY,
  private_jwk  text NOT NULL,            -- sealed with HUB_KEY_ENCRYPTION_KEY (SecretBox)
  public_jwk   text NOT NULL,             -- the public JWK as JSON
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);

-- One row per issued AchievementCredential (person x competency x stage while held); its
-- status_index is its bit in the Bitstring Status List, set when it is revoked.
CREATE SEQUENCE status_index_seq MINVALUE 0 START 0;
CREATE TABLE issued_credential (
  id                 uuid PRIMARY KEY,
  person_id          uuid NOT NULL,
  competency_number  text NOT NULL,
  stage              text NOT NULL,
  status_index       int NOT NULL UNIQUE DEFAULT nextval('status_index_seq'),
  valid_from         timestamptz NOT NULL,
  issued_at          timestamptz NOT NULL DEFAULT now(),
  revoked_at         timestamptz,
  revoked_reason     text
);
CREATE UNIQUE INDEX issued_credential_live ON issued_credential (person_id, competency_number, stage) WHERE revoked_at IS NULL;
