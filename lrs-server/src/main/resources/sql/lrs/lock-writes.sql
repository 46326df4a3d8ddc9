-- Taken first in every statement-writing transaction and held until it commits: writers run one at a
-- time, so `seq` and `stored` follow commit order in every LRS process sharing this database. The
-- stamp for the batch is the database clock, never earlier than what is already stored.
-- $1 the write lock's key
SELECT pg_advisory_xact_lock($1::bigint),
       greatest(date_trunc('milliseconds', clock_timestamp()),
                (SELECT max(stored) FROM lrs.statement)) AS stored
