UPDATE lrs.document SET content = $6, content_type = $7, etag = $8, updated = $9
WHERE kind = $1 AND activity_id = $2 AND agent_key = $3 AND registration = $4 AND document_id = $5
