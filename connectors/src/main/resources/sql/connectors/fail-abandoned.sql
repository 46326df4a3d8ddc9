UPDATE connectors.import_job SET status = 'failed', error = $2, finished_at = now()
WHERE finished_at IS NULL AND heartbeat_at < now() - make_interval(secs => $1)
RETURNING id
