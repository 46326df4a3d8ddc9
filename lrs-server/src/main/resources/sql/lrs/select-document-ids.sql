SELECT document_id FROM lrs.document
WHERE organisation = $1 AND kind = $2 AND activity_id = $3 AND agent_key = $4 AND registration = $5
  AND ($6::timestamptz IS NULL OR updated > $6)
ORDER BY document_id
