UPDATE connectors.import_job SET status = $2, summary = coalesce($3, summary), error = $4, finished_at = $5,
    heartbeat_at = now()
WHERE id = $1 AND finished_at IS NULL
