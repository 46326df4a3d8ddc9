SELECT position, file, line, col, field, reason
FROM connectors.import_reject
WHERE job_id = $1 AND position > $2
ORDER BY position
LIMIT $3
