SELECT input_name, record, line, updated_at
FROM connectors.import_checkpoint
WHERE organisation_id = $1 AND source = $2 AND fingerprint = $3
