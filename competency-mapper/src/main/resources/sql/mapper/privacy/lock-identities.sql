-- The identity lock (PgPersonStore.IDENTITY_LOCK, $1): an erasure waits for a link or merge in flight, and none
-- starts until it commits.
SELECT pg_advisory_xact_lock($1::bigint)
