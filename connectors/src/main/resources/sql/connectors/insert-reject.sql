INSERT INTO connectors.import_reject (job_id, position, file, line, col, field, reason)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (job_id, position) DO NOTHING
