INSERT INTO connectors.source_mapping (organisation_id, source, file_name, content, entries, updated_at, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (organisation_id, source) DO UPDATE SET file_name = EXCLUDED.file_name, content = EXCLUDED.content,
    entries = EXCLUDED.entries, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
