-- Tenancy: statements, voids and documents belong to the organisation that wrote them.
--
-- A statement id is unique within its organisation (authority_org), not across the hub: an organisation
-- that sends an id only another organisation holds stores its own statement, and learns nothing of the
-- other's (no 409). Lookups by id always name the organisation, so the new unique index (authority_org,
-- id) serves them, as the old one on id did. The link tables refer to statements by seq and are unchanged.
ALTER TABLE statement DROP CONSTRAINT statement_id_key;
ALTER TABLE statement ADD CONSTRAINT statement_organisation_id_key UNIQUE (authority_org, id);

-- Documents (State, Activity Profile, Agent Profile) are keyed by organisation too. Nothing recorded
-- which credential wrote an existing document, so each is given to the only organisation that could
-- have written it: when exactly one organisation holds a credential with a document scope (state,
-- profile or all), that one; otherwise the nil uuid, which no credential belongs to, so no organisation
-- reads, changes or deletes them until an operator assigns them (UPDATE lrs.document SET organisation =
-- '<organisation id>' WHERE organisation = '00000000-0000-0000-0000-000000000000' AND ...).
ALTER TABLE document ADD COLUMN organisation uuid;
DO $$
DECLARE
  owner uuid := '00000000-0000-0000-0000-000000000000';
  writers bigint;
BEGIN
  IF to_regclass('identity.credential') IS NOT NULL THEN
    EXECUTE 'SELECT count(DISTINCT organisation_id) FROM identity.credential '
         || 'WHERE scopes && ARRAY[''state'', ''profile'', ''all'']::text[]' INTO writers;
    IF writers = 1 THEN
      EXECUTE 'SELECT organisation_id FROM identity.credential '
           || 'WHERE scopes && ARRAY[''state'', ''profile'', ''all'']::text[] LIMIT 1' INTO owner;
    END IF;
  END IF;
  UPDATE document SET organisation = owner;
END $$;
ALTER TABLE document ALTER COLUMN organisation SET NOT NULL;
ALTER TABLE document DROP CONSTRAINT document_pkey;
ALTER TABLE document ADD PRIMARY KEY (organisation, kind, activity_id, agent_key, registration, document_id);
DROP INDEX document_updated;
CREATE INDEX document_updated ON document (organisation, kind, activity_id, agent_key, registration, updated);
