UPDATE connectors.import_job SET status = 'failed', error = $2, finished_at = now()
WHERE runner = $1 AND finished_at IS NULL
RETURNING id
