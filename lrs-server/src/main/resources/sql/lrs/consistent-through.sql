-- Sent before every statements query on the same connection (the two go together, one round trip). It reads the
-- commit-order watermark (V51, statement_watermark) and leaves it in the session setting ahp.lrs_watermark, which
-- the query reads: the query starts after this statement ended, so it sees every statement below the watermark,
-- and shows none above it, so a `more` link never passes a statement that commits later.
--
-- X-Experience-API-Consistent-Through: everything stored at or before it is visible to the query. `stored` does
-- not decrease in seq order (V51), so while a writer is registered its statements are stamped no earlier than the
-- last statement below the watermark: one millisecond before that stamp is safe. With no writer registered, the
-- statements yet to come are stamped after now.
SELECT set_config('ahp.lrs_watermark', w.below::text, false) AS watermark,
       CASE
         WHEN w.writing
         THEN coalesce((SELECT s.stored FROM lrs.statement s WHERE s.seq < w.below ORDER BY s.seq DESC LIMIT 1),
                       'epoch'::timestamptz)
         ELSE date_trunc('milliseconds', now())
       END - interval '1 millisecond' AS consistent_through
FROM lrs.statement_watermark() w
