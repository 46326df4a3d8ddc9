UPDATE connectors.import_job SET heartbeat_at = now()
WHERE runner = $1 AND finished_at IS NULL
