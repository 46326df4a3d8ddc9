INSERT INTO {schema}.outbox (topic, event_key, event)
SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])
