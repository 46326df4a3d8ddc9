-- Everything stored before this instant is visible to a query that starts now. Writers stamp `stored`
-- under the write lock (lock-writes.sql), so while one is in flight its batch is stamped no earlier
-- than the latest committed statement; with none in flight, the only statements yet to come will be
-- stamped after now.
-- $1 the write lock's key
SELECT CASE
         WHEN EXISTS (SELECT 1 FROM pg_locks
                      WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid::bigint = $1::bigint AND objsubid = 1
                        AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
         THEN coalesce((SELECT max(stored) FROM lrs.statement), 'epoch'::timestamptz)
         ELSE date_trunc('milliseconds', now())
       END - interval '1 millisecond' AS consistent_through
