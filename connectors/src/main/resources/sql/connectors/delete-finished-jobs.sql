-- Import jobs that finished before $1, at most $2 of them, with their rejects (ON DELETE CASCADE): retention.
DELETE FROM connectors.import_job WHERE id IN (
  SELECT id FROM connectors.import_job WHERE finished_at < $1 LIMIT $2)
