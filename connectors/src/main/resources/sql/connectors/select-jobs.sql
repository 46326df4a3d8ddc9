SELECT id, credential_key, source, input_name, bytes, status, created_at, started_at, finished_at, summary, error
FROM connectors.import_job
WHERE organisation_id = $1 AND (created_at, id) < ($2, $3)
ORDER BY created_at DESC, id DESC
LIMIT $4
