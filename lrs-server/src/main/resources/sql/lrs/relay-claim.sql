-- One relay publishes at a time (several LRS processes may run one each), which keeps each learner's
-- statements in order on the topic; the others stand by.
SELECT pg_try_advisory_xact_lock(hashtext('lrs.relay')) AS claimed
