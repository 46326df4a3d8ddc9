-- Taken first in every transaction that changes which identifiers belong to whom, and held until it commits:
-- such changes run one at a time, so each passport.identities snapshot lists every identifier committed
-- before it, and identity versions follow commit order. $1 the lock's key.
SELECT pg_advisory_xact_lock($1::bigint)
