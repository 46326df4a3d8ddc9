SELECT id, credential_key, source, input_name, bytes, status, created_at, started_at, finished_at, summary, error
FROM connectors.import_job
WHERE id = $1 AND organisation_id = $2
