INSERT INTO connectors.import_checkpoint (organisation_id, source, fingerprint, input_name, record, line, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (organisation_id, source, fingerprint)
DO UPDATE SET input_name = EXCLUDED.input_name, record = EXCLUDED.record, line = EXCLUDED.line,
    updated_at = EXCLUDED.updated_at
