UPDATE connectors.import_job SET summary = $2, heartbeat_at = now()
WHERE id = $1 AND finished_at IS NULL
