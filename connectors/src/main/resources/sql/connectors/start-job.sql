UPDATE connectors.import_job SET status = 'running', started_at = $2, heartbeat_at = now()
WHERE id = $1 AND finished_at IS NULL
