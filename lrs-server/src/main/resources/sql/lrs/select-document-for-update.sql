-- The document locked until the end of the transaction: a concurrent writer waits, then sees our write.
SELECT content, content_type, etag, updated FROM lrs.document
WHERE kind = $1 AND activity_id = $2 AND agent_key = $3 AND registration = $4 AND document_id = $5
FOR UPDATE
