-- For the rest of the transaction, plan each prepared statement for the parameters it is executed
-- with. Left to itself PostgreSQL settles on a generic plan after five executions, chosen on the
-- statistics of that moment; for the LRS's statement-storing SQL and the webhook claim, whose tables
-- grow far faster than their statistics follow, such a plan can stay in use long after it has
-- stopped fitting. Planning them costs well under a millisecond per execution.
SET LOCAL plan_cache_mode = force_custom_plan
