SELECT organisation, kind, activity_id, registration, document_id, content_type, content, etag, updated
FROM lrs.document WHERE agent_key = ANY ($1::text[])
ORDER BY organisation, kind, activity_id, registration, document_id
