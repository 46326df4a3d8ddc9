-- The poll's statement keys ($1, distinct); returns those seen for the first time.
INSERT INTO mapper.processed_event (event_id)
SELECT unnest($1::uuid[])
ON CONFLICT DO NOTHING
RETURNING event_id
