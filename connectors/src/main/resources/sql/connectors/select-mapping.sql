SELECT file_name, content, entries, updated_at, updated_by
FROM connectors.source_mapping
WHERE organisation_id = $1 AND source = $2
