INSERT INTO lrs.document (kind, activity_id, agent_key, registration, document_id, content, content_type, etag, updated)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (kind, activity_id, agent_key, registration, document_id)
DO UPDATE SET content = EXCLUDED.content, content_type = EXCLUDED.content_type, etag = EXCLUDED.etag,
              updated = EXCLUDED.updated
