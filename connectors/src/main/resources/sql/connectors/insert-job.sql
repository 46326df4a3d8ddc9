INSERT INTO connectors.import_job (id, organisation_id, credential_key, source, input_name, fingerprint, bytes, status,
    created_at, runner, heartbeat_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9, now())
