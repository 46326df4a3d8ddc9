-- The W3C traceparent carried with each passport event (outbox → Kafka header) and each webhook delivery
-- (Kafka header → the webhook request's traceparent header). Null where no trace came with the event.
-- Nullable columns without defaults: adding them rewrites nothing.
ALTER TABLE outbox ADD COLUMN traceparent text;
ALTER TABLE webhook_delivery ADD COLUMN traceparent text;
