-- One relay per outbox publishes at a time so events for a key keep their order; others stand by.
SELECT pg_try_advisory_xact_lock(hashtext('{schema}.outbox')) AS claimed
