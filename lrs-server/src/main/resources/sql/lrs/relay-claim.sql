-- One relay publishes at a time (several LRS processes may run one each), which keeps each learner's
-- statements in order on the topic; the others stand by. The relay publishes only below the commit-order
-- watermark (V51): every statement there has committed or never will, so none can appear later below the
-- checkpoint. It is read here, before relay-select.sql starts, so that statement sees all of them.
SELECT pg_try_advisory_xact_lock(hashtext('lrs.relay')) AS claimed, w.below AS watermark
FROM lrs.statement_watermark() w
