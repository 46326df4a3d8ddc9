INSERT INTO mapper.processed_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id
