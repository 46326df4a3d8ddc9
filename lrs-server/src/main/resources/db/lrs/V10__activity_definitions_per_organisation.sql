-- Canonical activity definitions are each organisation's own: an organisation's Activities resource shows
-- what its own statements defined, and another organisation's statements can neither read nor rename it.
-- Each existing definition (merged from every organisation's statements) is kept for every organisation
-- whose statements mention the activity (the link rows, hashed as V8 does), which could already read it.
CREATE TABLE activity_per_organisation (
  organisation  uuid NOT NULL,
  id            text NOT NULL,
  definition    jsonb NOT NULL,
  updated       timestamptz NOT NULL,
  PRIMARY KEY (organisation, id)
);
INSERT INTO activity_per_organisation (organisation, id, definition, updated)
SELECT DISTINCT s.authority_org, a.id, a.definition, a.updated
FROM activity a
JOIN statement_activity x
  ON x.activity_hash = encode(substring(sha256(convert_to(a.id, 'UTF8')) FROM 1 FOR 16), 'hex')::uuid
JOIN statement s ON s.seq = x.statement_seq;
DROP TABLE activity;
ALTER TABLE activity_per_organisation RENAME TO activity;
ALTER INDEX activity_per_organisation_pkey RENAME TO activity_pkey;
