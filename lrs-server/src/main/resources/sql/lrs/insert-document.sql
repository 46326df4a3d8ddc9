-- Creates the document unless a concurrent writer created it first (then no row is returned and the
-- caller retries: the row exists now, so its precondition is checked against it under a lock).
-- $1 is the organisation whose store holds it: documents are keyed by organisation (V9).
INSERT INTO lrs.document (organisation, kind, activity_id, agent_key, registration, document_id, content,
                          content_type, etag, updated)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (organisation, kind, activity_id, agent_key, registration, document_id) DO NOTHING
RETURNING etag
