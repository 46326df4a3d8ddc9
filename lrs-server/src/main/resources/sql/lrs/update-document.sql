UPDATE lrs.document SET content = $7, content_type = $8, etag = $9, updated = $10
WHERE organisation = $1 AND kind = $2 AND activity_id = $3 AND agent_key = $4 AND registration = $5 AND document_id = $6
