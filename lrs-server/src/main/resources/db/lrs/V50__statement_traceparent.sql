-- The W3C traceparent of the request that stored each statement (null for statements stored before, or by
-- callers the LRS gave a new trace: it is always set from now on). The relay sends it on as the Kafka record's
-- traceparent header, so one trace id follows a statement from the HTTP request to the webhooks it causes.
-- A nullable column without a default: adding it rewrites nothing.
ALTER TABLE statement ADD COLUMN traceparent text;
