SELECT document_id FROM lrs.document
WHERE kind = $1 AND activity_id = $2 AND agent_key = $3 AND registration = $4
  AND ($5::timestamptz IS NULL OR updated > $5)
ORDER BY document_id
